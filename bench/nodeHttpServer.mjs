// The second baseline: Node's own http module sending nginx's files from memory, with nginx's response headers and no
// logic at all (no routing, no lookup, no authorization). What Wheelhouse, a Node server, could at best approach.
// Usage: node bench/nodeHttpServer.mjs <document root> <port>
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [root, port] = process.argv.slice(2);
const TYPES = {
  '.html': 'text/html',
  '.json': 'application/vnd.pypi.simple.v1+json',
  '.metadata': 'text/plain',
};
const cache = new Map();

function load(urlPath) {
  let entry = cache.get(urlPath);
  if (entry !== undefined) return entry;
  const file = path.join(root, decodeURIComponent(urlPath));
  entry = null;
  if (
    file.startsWith(root) &&
    fs.statSync(file, { throwIfNoEntry: false })?.isFile()
  ) {
    const stat = fs.statSync(file);
    entry = {
      body: fs.readFileSync(file),
      type: TYPES[path.extname(file)] ?? 'application/octet-stream',
      lastModified: stat.mtime.toUTCString(),
      etag: `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`,
    };
  }
  cache.set(urlPath, entry);
  return entry;
}

http
  .createServer((request, response) => {
    const entry = load(request.url.split('?')[0]);
    if (!entry) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('Content-Type', entry.type);
    response.setHeader('Content-Length', entry.body.length);
    response.setHeader('Last-Modified', entry.lastModified);
    response.setHeader('ETag', entry.etag);
    response.setHeader('Accept-Ranges', 'bytes');
    response.end(entry.body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log('listening'));
