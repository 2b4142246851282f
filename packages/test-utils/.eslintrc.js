const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// Everything in this package is test code, shared by the tests of several packages: linted with the rules for tests.
const tests = config.overrides.find(o =>
  o.files.includes('**/__testUtils__/**'),
);
tests.files.push('src/**');
config.overrides.push({
  files: ['src/**'],
  rules: { 'jest/no-export': 'off' },
});

module.exports = config;
