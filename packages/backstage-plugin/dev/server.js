// Serves the built dev app and forwards /api/* to a Backstage backend, so that the app, its sign-in and the pypi
// plugin's API share one origin. The app's config (backend.baseUrl = this server) is put into index.html.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * Starts the server. `backendUrl` is the Backstage backend (e.g. http://localhost:7007); `port` 0 picks a free one.
 * Resolves to { url, close() }.
 */
function startDevServer({
  distDir,
  backendUrl,
  port = 3000,
  host = '127.0.0.1',
  publicUrl,
}) {
  const backend = new URL(backendUrl);
  const server = http.createServer((request, response) => {
    if (request.url.startsWith('/api/')) proxy(request, response, backend);
    else serveStatic(request, response, distDir, server.publicUrl);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      server.publicUrl =
        publicUrl ??
        `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`;
      resolve({
        url: server.publicUrl,
        close: () =>
          new Promise(done => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

function proxy(request, response, backend) {
  const headers = { ...request.headers, host: backend.host };
  // The browser's Origin is this server; the backend sees a same-origin request.
  delete headers.origin;
  delete headers.referer;
  const upstream = http.request(
    {
      protocol: backend.protocol,
      hostname: backend.hostname,
      port: backend.port,
      method: request.method,
      path: request.url,
      headers,
    },
    answer => {
      response.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        answer.headers,
      );
      answer.pipe(response);
    },
  );
  upstream.on('error', error => {
    if (!response.headersSent)
      response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(
      `The Backstage backend at ${backend.origin} did not answer: ${error.message}`,
    );
  });
  request.pipe(upstream);
}

function serveStatic(request, response, distDir, publicUrl) {
  const pathname = decodeURIComponent(
    new URL(request.url, 'http://x').pathname,
  );
  const file = path.join(
    distDir,
    path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''),
  );
  const isAsset =
    file.startsWith(distDir + path.sep) &&
    path.extname(file) &&
    fs.existsSync(file) &&
    fs.statSync(file).isFile();
  if (isAsset) {
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    fs.createReadStream(file).pipe(response);
    return;
  }
  // Every other path is a page of the single-page app.
  const config = [
    {
      context: 'wheelhouse-dev-app',
      data: {
        app: { title: 'Wheelhouse', baseUrl: publicUrl },
        backend: { baseUrl: publicUrl },
      },
    },
  ];
  const script = `<script type="backstage.io/config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`;
  const html = fs
    .readFileSync(path.join(distDir, 'index.html'), 'utf8')
    .replace('<!--APP_CONFIG-->', script);
  response.writeHead(200, {
    'content-type': TYPES['.html'],
    'cache-control': 'no-cache',
  });
  response.end(html);
}

module.exports = { startDevServer };
