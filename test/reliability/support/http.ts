/**
 * A raw HTTP client over node:http for what fetch cannot do: send a body shorter than its Content-Length, drop the
 * connection part-way, send chunked bodies, or send headers fetch would refuse. Every request has a deadline.
 * Only loopback URLs are accepted, so a mistake in a test can never send traffic elsewhere.
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string | number | string[]>;
  body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length), in chunks of this size. */
  chunkSize?: number;
  /**
   * Send only this many bytes of the body (Content-Length still announces all of it), then close the connection:
   * a client that went away mid-upload. The promise then resolves to undefined unless a response came first.
   */
  disconnectAfter?: number;
  /** Wait this long (ms) before disconnecting, so the server has started on the partial body. */
  disconnectDelayMs?: number;
  /** Send the body slowly: `chunkSize` bytes every `delayMs` (an upload still in flight when the server dies). */
  throttle?: { chunkSize: number; delayMs: number };
  /** Deadline for the whole exchange (default 30 s). */
  timeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function assertLoopback(url: string | URL): URL {
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname))
    throw new Error(
      `refusing to send test traffic to ${parsed.hostname}: loopback only`,
    );
  return parsed;
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Sends one request; resolves to the response, or undefined when the test itself dropped the connection first. */
export function rawRequest(
  url: string,
  options: RawRequestOptions = {},
): Promise<RawResponse | undefined> {
  const target = assertLoopback(url);
  let body: Buffer | undefined;
  if (options.body !== undefined)
    body = Buffer.isBuffer(options.body)
      ? options.body
      : Buffer.from(options.body);
  const headers: Record<string, string | number | string[]> = {
    ...options.headers,
  };
  const dropping = options.disconnectAfter !== undefined;
  if (
    body &&
    !options.chunkSize &&
    !Object.keys(headers).some(key => key.toLowerCase() === 'content-length')
  ) {
    headers['content-length'] = body.length;
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = http.request(
      target,
      // A dropped connection must not poison a pooled socket: those requests get their own.
      {
        method: options.method ?? 'GET',
        headers,
        agent:
          dropping || options.chunkSize || options.throttle ? false : keepAlive,
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => settle(undefined, undefined));
        response.on('end', () => {
          const bodyBytes = Buffer.concat(chunks);
          const text = bodyBytes.toString('utf8');
          let json: unknown;
          if (/json/.test(String(response.headers['content-type'] ?? ''))) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          settle(undefined, {
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: bodyBytes,
            text,
            json,
          });
        });
      },
    );
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      request.destroy();
      settle(
        new Error(
          `${options.method ?? 'GET'} ${url}: no response within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    function settle(error: Error | undefined, response?: RawResponse) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response);
    }
    request.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer (413, 401) and close before we finished sending: that answer is what counts, and
      // it arrives through the response callback. A reset with no answer is reported as no response.
      if (
        dropping ||
        options.throttle ||
        ['ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(error.code ?? '')
      ) {
        setTimeout(() => settle(undefined, undefined), 50);
        return;
      }
      settle(error);
    });
    if (!body) {
      request.end();
      return;
    }
    if (dropping) {
      request.write(body.subarray(0, options.disconnectAfter));
      setTimeout(() => {
        request.destroy();
        setTimeout(() => settle(undefined, undefined), 20);
      }, options.disconnectDelayMs ?? 50);
      return;
    }
    if (options.throttle) {
      const { chunkSize, delayMs } = options.throttle;
      let offset = 0;
      const sendNext = () => {
        if (request.destroyed || settled) return;
        const chunk = body.subarray(offset, offset + chunkSize);
        offset += chunk.length;
        if (offset >= body.length) request.end(chunk);
        else request.write(chunk, () => setTimeout(sendNext, delayMs));
      };
      sendNext();
      return;
    }
    if (options.chunkSize) {
      for (let offset = 0; offset < body.length; offset += options.chunkSize) {
        request.write(body.subarray(offset, offset + options.chunkSize));
      }
      request.end();
      return;
    }
    request.end(body);
  });
}

/** rawRequest for exchanges that must produce a response. */
export async function mustRequest(
  url: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const response = await rawRequest(url, options);
  if (!response)
    throw new Error(
      `${options.method ?? 'GET'} ${url}: the connection closed without a response`,
    );
  return response;
}

/** `Authorization` header value for an API token (HTTP Basic with __token__, as twine sends it). */
export function basicAuth(token: string, username = '__token__'): string {
  return `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`;
}

export function closeIdleSockets(): void {
  keepAlive.destroy();
}
