// Each package and each top-level folder of tests and tools has its own configuration, made by backstage-cli's
// factory for its role; nothing is inherited from here.
module.exports = { root: true };
