const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// src/__testutils__ is test-only code (backstage spells it __testUtils__; its rules match that spelling only):
// lint it like tests, and let it import the devDependencies the tests use.
const tests = config.overrides.find(o =>
  o.files.includes('**/__testUtils__/**'),
);
tests.files.push('**/__testutils__/**');
config.overrides.push(
  {
    files: ['src/__testutils__/**'],
    rules: { '@backstage/no-undeclared-imports': 'off' },
  },
  // dev/ is the standalone dev app: Node scripts that report on the console, and an app that loads Backstage UI's CSS.
  { files: ['dev/*.js'], rules: { 'no-console': 'off' } },
  {
    files: ['dev/**'],
    rules: { '@backstage/no-ui-css-imports-in-non-frontend': 'off' },
  },
);

module.exports = config;
