/** A scripted HTTP server on 127.0.0.1 for client tests: records each request and answers from a handler. */
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Body bytes seen (also when the body was not kept). */
  size: number;
}

export interface Answer {
  status: number;
  body?: string | object;
  reason?: string;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (a network error for the client). */
  hangUp?: boolean;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(
  handler: (request: RecordedRequest, index: number) => Answer,
  /** keepBodies false: count body bytes only. early: answer as soon as the headers are in, reading no body. */
  options: { keepBodies?: boolean; early?: boolean } = {},
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const recorded: RecordedRequest = {
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
      body: Buffer.alloc(0),
      size: 0,
    };
    const index = requests.push(recorded) - 1;
    const respond = () => {
      const answer = handler(recorded, index);
      if (answer.hangUp) {
        incoming.socket.destroy();
        return;
      }
      let body = '';
      if (typeof answer.body === 'string') body = answer.body;
      else if (answer.body !== undefined) body = JSON.stringify(answer.body);
      outgoing.writeHead(answer.status, answer.reason ?? '', {
        'content-type':
          typeof answer.body === 'object' ? 'application/json' : 'text/plain',
        ...answer.headers,
      });
      outgoing.end(body);
    };
    if (options.early) {
      respond();
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => {
      recorded.size += chunk.length;
      if (options.keepBodies !== false) chunks.push(chunk);
    });
    incoming.on('end', () => {
      recorded.body = Buffer.concat(chunks);
      respond();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Splits a multipart/form-data body into fields (repeats kept in order) and file parts. Enough for tests. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): {
  fields: [string, string][];
  files: { name: string; filename: string; data: Buffer }[];
} {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: [string, string][] = [];
  const files: { name: string; filename: string; data: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new Error('unterminated multipart body');
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/.exec(headers)![1];
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename !== undefined)
      files.push({ name, filename, data: Buffer.from(data) });
    else fields.push([name, data.toString('utf8')]);
    at = next;
  }
  return { fields, files };
}
