/**
 * An HTML-only PEP 503 index served from memory by a plain Node server on loopback: what a proxy repository meets at
 * an upstream that knows no JSON (a static mirror, an old pypiserver). Files can be served corrupted: their bytes
 * differ from the sha256 the page gives.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StaticFile {
  path: string;
  /** Serve other bytes than the page's sha256 describes. */
  corrupt?: boolean;
}

export interface StaticIndex {
  /** The simple index URL, ending in /simple/. */
  url: string;
  /** Requests per path since start, e.g. `/files/x.whl`. */
  requests: Map<string, number>;
  stop(): Promise<void>;
}

export async function startStaticIndex(
  projects: Record<string, StaticFile[]>,
): Promise<StaticIndex> {
  const files = new Map<string, { bytes: Buffer; sha256: string }>();
  const pages = new Map<string, string>();
  for (const [project, entries] of Object.entries(projects)) {
    const links = entries.map(entry => {
      const original = fs.readFileSync(entry.path);
      const sha256 = crypto.createHash('sha256').update(original).digest('hex');
      const bytes = Buffer.from(original);
      if (entry.corrupt) bytes[bytes.length >> 1] ^= 0xff;
      const name = path.basename(entry.path);
      files.set(name, { bytes, sha256 });
      return `<a href="../../files/${encodeURIComponent(name)}#sha256=${sha256}">${name}</a><br/>`;
    });
    pages.set(
      project,
      `<!DOCTYPE html>\n<html><head><title>Links for ${project}</title></head><body>\n${links.join('\n')}\n</body></html>\n`,
    );
  }
  const requests = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    const page = /^\/simple\/([^/]+)\/$/.exec(url.pathname);
    if (page && pages.has(page[1])) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(pages.get(page[1]));
      return;
    }
    const file = /^\/files\/([^/]+)$/.exec(url.pathname);
    const entry = file && files.get(decodeURIComponent(file[1]));
    if (entry) {
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': entry.bytes.length,
      });
      response.end(entry.bytes);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
