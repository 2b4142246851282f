/**
 * Three projects: unit tests live beside the code; end-to-end tests (real twine, pip, servers, a browser) live in
 * test/; `ui` runs the Backstage frontend plugin's component tests in jsdom.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
/** jose is ESM only: compiled for jest like our own code (Node itself loads it with require). */
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

/** Component tests: TSX with React's automatic runtime; node_modules' ES modules compiled too (see esmTransform.js). */
const uiSupport = '<rootDir>/packages/backstage-plugin/jest';
const swcReact = syntax => ({
  jsc: {
    parser:
      syntax === 'typescript' ? { syntax, tsx: true } : { syntax, jsx: true },
    transform: { react: { runtime: 'automatic' } },
  },
});
const uiTransform = {
  '^.+\\.tsx?$': ['@swc/jest', swcReact('typescript')],
  '^.+\\.(m|c)?jsx?$': [`${uiSupport}/esmTransform.js`, swcReact('ecmascript')],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      roots: ['<rootDir>/packages'],
      testMatch: ['**/src/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      transform: uiTransform,
      transformIgnorePatterns: [],
      moduleNameMapper: {
        '\\.(css|less|scss)$': `${uiSupport}/styleMock.js`,
        'style-inject\\.es\\.esm\\.js$': `${uiSupport}/styleInjectMock.js`,
        '\\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$': `${uiSupport}/fileMock.js`,
      },
      setupFilesAfterEnv: [`${uiSupport}/setupTests.ts`],
      roots: ['<rootDir>/packages/backstage-plugin'],
      testMatch: ['<rootDir>/packages/backstage-plugin/src/**/*.test.tsx'],
    },
  ],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
