import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './errors';

/** How requests reach the server: a proxy agent (HTTPS_PROXY / NO_PROXY, from the host), and a request log. */
export interface Transport {
  /** The agent for a URL, e.g. a CONNECT tunnel through the runner's proxy; undefined: Node's default. */
  agent?: (url: URL) => http.Agent | undefined;
  /** Told of every request and answer (never of credentials or bodies). */
  log?: (message: string) => void;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string | number>;
  /** A buffer, or a factory for a fresh stream (a retry needs the body again from the start). */
  body?: Buffer | (() => Readable);
  /** Idle socket timeout (default 5 minutes: a large upload is acknowledged only after the server stored it). */
  timeoutMs?: number;
  transport?: Transport;
}

export interface HttpResponse {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Error bodies are read for their message only; a huge one is cut rather than buffered. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const TRANSPORTS = new Map<string, typeof http | typeof https>([
  ['http:', http],
  ['https:', https],
]);

/**
 * One HTTP request with Node's http/https, streaming the body. Resolves with any status; `expectOk` turns
 * non-2xx answers into HttpErrors. A server may answer (401, 413) before it has read the whole body and close
 * the connection: the answer wins over the write error that follows.
 */
export function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const transport = TRANSPORTS.get(url.protocol);
  if (!transport)
    return Promise.reject(
      new Error(`Unsupported URL scheme in ${request.url}: use http or https`),
    );
  const log = request.transport?.log;
  const started = Date.now();
  log?.(`${request.method} ${request.url}`);
  return new Promise<HttpResponse>((resolve, reject) => {
    let answered = false;
    let settled = false;
    let bodySent = request.body === undefined || Buffer.isBuffer(request.body);
    const settle = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      const ms = Date.now() - started;
      if (error) {
        log?.(
          `${request.method} ${request.url} failed after ${ms} ms: ${error.message}`,
        );
        reject(error);
      } else {
        log?.(
          `${request.method} ${request.url} answered ${response!.status} ${response!.statusMessage} in ${ms} ms`,
        );
        resolve(response!);
      }
    };
    const outgoing = transport.request(url, {
      method: request.method,
      headers: request.headers,
      agent: request.transport?.agent?.(url),
    });
    outgoing.setTimeout(request.timeoutMs ?? 300_000, () => {
      outgoing.destroy(
        Object.assign(new Error(`No answer from ${url.host} in time`), {
          code: 'ETIMEDOUT',
        }),
      );
    });
    outgoing.on('response', incoming => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      incoming.on('error', error => settle(error));
      incoming.on('end', () => {
        // An early answer: stop streaming the rest of the file to a server that will not read it.
        if (!bodySent) outgoing.destroy();
        settle(undefined, {
          status: incoming.statusCode ?? 0,
          statusMessage: incoming.statusMessage ?? '',
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        });
      });
    });
    outgoing.on('error', error => {
      if (!answered) settle(error);
    });
    const body = request.body;
    if (body === undefined) outgoing.end();
    else if (Buffer.isBuffer(body)) outgoing.end(body);
    else {
      pipeline(body(), outgoing).then(
        () => (bodySent = true),
        (error: Error) => {
          if (!answered) {
            outgoing.destroy();
            settle(error);
          }
        },
      );
    }
  });
}

/** The server's explanation of a failure: `{"error": {"message"}}`, else the text body, else the reason phrase. */
export function serverMessage(response: HttpResponse): string {
  const text = response.body.toString('utf8').trim();
  if (text) {
    try {
      const parsed = JSON.parse(text) as {
        error?: { message?: unknown } | string;
        message?: unknown;
      };
      const message =
        typeof parsed.error === 'object'
          ? parsed.error?.message
          : (parsed.error ?? parsed.message);
      if (typeof message === 'string' && message) return message;
    } catch {
      // not JSON: fall through to the text
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (!contentType.includes('html')) {
      // Wheelhouse writes "<status> <message>"; the status is shown separately.
      return text
        .replace(new RegExp(`^${response.status}\\s+`), '')
        .split('\n')[0]
        .slice(0, 1000);
    }
  }
  return (
    response.statusMessage ||
    http.STATUS_CODES[response.status] ||
    'Unknown error'
  );
}

export function expectOk(
  request: HttpRequest,
  response: HttpResponse,
): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  if (response.status >= 300 && response.status < 400) {
    // Never followed: an upload would have to be sent again, and credentials must not go somewhere else.
    throw new HttpError(
      response.status,
      `redirected to ${response.headers.location ?? '(no location)'}; use that URL instead`,
      request.method,
      request.url,
    );
  }
  throw new HttpError(
    response.status,
    serverMessage(response),
    request.method,
    request.url,
    retryAfterMs(response.headers['retry-after']),
  );
}

/** `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function retryAfterMs(
  header: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
