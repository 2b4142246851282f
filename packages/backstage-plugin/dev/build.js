// Bundles the test app (dev/testApp.tsx) with esbuild into static files: index.js, its chunks and index.html.
// `node dev/build.js [outdir]`; the e2e test and `npm start` call buildDevApp().
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_OUTDIR = path.join(__dirname, 'dist');

async function buildDevApp({ outdir = DEFAULT_OUTDIR } = {}) {
  const esbuild = require('esbuild');
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { index: path.join(__dirname, 'testApp.tsx') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    tsconfig: path.join(__dirname, '..', 'tsconfig.json'),
    define: {
      'process.env.NODE_ENV': '"production"',
      // Config comes from the page (<script type="backstage.io/config">), not from the build.
      'process.env.APP_CONFIG': 'undefined',
      global: 'globalThis',
    },
    banner: { js: 'globalThis.process = globalThis.process || { env: {} };' },
    loader: {
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
    },
  });
  fs.writeFileSync(
    path.join(outdir, 'index.html'),
    indexHtml(fs.existsSync(path.join(outdir, 'index.css'))),
  );
  return { outdir, warnings: result.warnings };
}

function indexHtml(withCss) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Wheelhouse</title>
    ${withCss ? '<link rel="stylesheet" href="/index.css" />' : ''}
    <!--APP_CONFIG-->
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/index.js"></script>
  </body>
</html>
`;
}

module.exports = { buildDevApp, DEFAULT_OUTDIR };

if (require.main === module) {
  buildDevApp({
    outdir: process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUTDIR,
  }).then(
    ({ outdir }) => console.log(`dev app built into ${outdir}`),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
