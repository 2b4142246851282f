/**
 * Jest transform for the `ui` project: Backstage frontend packages and many of their dependencies ship ES modules
 * (`*.esm.js`, `esm/`, `src/` folders) under names that do not say so. This compiles every file that uses
 * import/export syntax with swc, and passes CommonJS files through untouched.
 */
const { createTransformer } = require('@swc/jest');

const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s*[\w{*])/;

module.exports = {
  createTransformer(options) {
    const swc = createTransformer(options);
    const skip = (src, filename) =>
      filename.includes('/node_modules/') && !ESM_SYNTAX.test(src);
    return {
      canInstrument: false,
      getCacheKey: (src, filename, ...rest) =>
        `${skip(src, filename) ? 'cjs' : 'swc'}:${swc.getCacheKey(src, filename, ...rest)}`,
      process: (src, filename, jestOptions) =>
        skip(src, filename)
          ? { code: src }
          : swc.process(src, filename, jestOptions),
      processAsync: async (src, filename, jestOptions) =>
        skip(src, filename)
          ? { code: src }
          : swc.processAsync(src, filename, jestOptions),
    };
  },
};
