const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// src/__testutils__ is test-only code (backstage spells it __testUtils__; its rules match that spelling only):
// lint it like tests, and let it import devDependencies and share arbitraries and fakes.
const tests = config.overrides.find(o =>
  o.files.includes('**/__testUtils__/**'),
);
tests.files.push('**/__testutils__/**');
config.overrides.push({
  files: ['src/**/__testutils__/**'],
  rules: { '@backstage/no-undeclared-imports': 'off' },
});

module.exports = config;
