import net from 'node:net';
import { API_BODY_MAX_BYTES } from '@wheelhouse/backstage-plugin-pypi-common';
import { TEST_DATABASES } from '../__testutils__/databases';
import {
  startTestServer,
  TEST_CONFIG,
  TestServer,
} from '../__testutils__/testServer';

const BODY_TIMEOUT_MS = 1500;

/** What a raw HTTP/1.1 client saw: the first response's status line, and when the server closed the connection. */
interface RawExchange {
  status?: string;
  answeredAfterMs?: number;
  closedAfterMs?: number;
  received: string;
}

/**
 * Sends request headers and then the body a byte every `dripMs`, never finishing it (or `body` at once), and
 * watches what the server does, for up to `watchMs`.
 */
function rawRequest(
  url: string,
  head: string,
  options: { body?: Buffer; dripMs?: number; watchMs: number },
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const started = Date.now();
    const exchange: RawExchange = { received: '' };
    const socket = net.connect(Number(port), hostname);
    let drip: NodeJS.Timeout | undefined;
    const watch = setTimeout(finish, options.watchMs);
    function finish() {
      clearInterval(drip);
      clearTimeout(watch);
      socket.destroy();
      resolve(exchange);
    }
    socket.on('connect', () => {
      socket.write(head);
      if (options.body) socket.write(options.body);
      if (options.dripMs)
        drip = setInterval(() => socket.write('a'), options.dripMs);
    });
    socket.on('data', chunk => {
      exchange.received += chunk.toString('latin1');
      if (exchange.status === undefined) {
        exchange.status = exchange.received.split('\r\n')[0];
        exchange.answeredAfterMs = Date.now() - started;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      exchange.closedAfterMs = Date.now() - started;
      finish();
    });
  });
}

describe.each(TEST_DATABASES)('request bodies on %s', kind => {
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer(kind, {
      ...TEST_CONFIG,
      server: { bodyTimeoutMs: BODY_TIMEOUT_MS },
    });
  });
  afterAll(() => test.stop());

  const head = (
    method: string,
    path: string,
    headers: Record<string, string | number>,
  ) =>
    `${method} ${path} HTTP/1.1\r\nHost: test\r\n${Object.entries(headers)
      .map(([key, value]) => `${key}: ${value}\r\n`)
      .join('')}\r\n`;

  it('answers anonymous requests before reading their bodies, and closes connections whose bodies never end', async () => {
    const routes = [
      ['POST', '/api/v1/tokens'],
      ['POST', '/api/v1/me/tokens'],
      ['POST', '/api/v1/repositories/default/trusted-publishers'],
      ['POST', '/api/v1/repositories/default/packages/a/trusted-publishers'],
      ['POST', '/api/v1/repositories/default/packages/a/versions/1.0/disable'],
      [
        'PATCH',
        '/api/v1/repositories/default/packages/a/versions/1.0/metadata',
      ],
      ['PUT', '/api/v1/repositories/default/packages/a/tags/stable'],
      ['POST', '/api/v1/repositories/default/recycle-bin/purge'],
      ['POST', '/default/'],
      ['GET', '/default/simple/'],
    ];
    const exchanges = await Promise.all(
      routes.map(([method, path]) =>
        rawRequest(
          test.url,
          head(method, path, {
            'content-type':
              path === '/default/'
                ? 'multipart/form-data; boundary=x'
                : 'application/json',
            'content-length': 1_000_000,
          }),
          { body: Buffer.from('{"name": '), dripMs: 200, watchMs: 6000 },
        ),
      ),
    );
    for (const [index, exchange] of exchanges.entries()) {
      const route = routes[index].join(' ');
      expect([route, exchange.status]).toEqual([
        route,
        expect.stringMatching(/^HTTP\/1\.1 (401|403|200)/),
      ]);
      expect(exchange.answeredAfterMs).toBeLessThan(1000);
      // Closed once the body had BODY_TIMEOUT_MS more to arrive.
      expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS);
      expect(exchange.closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + 2000);
    }
  });

  it('still lets a client that sends its refused body whole read the answer and keep the connection', async () => {
    const body = Buffer.from('{"name": "x", "scopes": ["read"]}');
    const request = head('POST', '/api/v1/tokens', {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    const exchange = await rawRequest(
      test.url,
      request + body.toString() + head('GET', '/health', {}),
      { watchMs: 1000 },
    );
    expect(exchange.status).toMatch(/^HTTP\/1\.1 401/);
    expect(exchange.received).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
  });

  it('gives an authorized JSON body BODY_TIMEOUT_MS to arrive, then answers 408 and closes', async () => {
    const exchange = await rawRequest(
      test.url,
      head('POST', '/api/v1/tokens', {
        authorization: test.auth(test.tokens.admin),
        'content-type': 'application/json',
        'content-length': 1000,
      }),
      { body: Buffer.from('{"name": '), dripMs: 200, watchMs: 6000 },
    );
    expect(exchange.status).toMatch(
      /^HTTP\/1\.1 408 The request body did not arrive/,
    );
    expect(exchange.answeredAfterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS);
    expect(exchange.closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + 1000);
  });

  it('answers 408 to a token exchange whose body does not arrive in time', async () => {
    const exchange = await rawRequest(
      test.url,
      head('POST', '/_/oidc/mint-token', {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      }),
      { body: Buffer.from('5\r\n{"tok\r\n'), watchMs: 5000 },
    );
    expect(exchange.status).toMatch(/^HTTP\/1\.1 408/);
    expect(exchange.closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + 1000);
  });

  it('caps a chunked JSON body at API_BODY_MAX_BYTES', async () => {
    const chunk = Buffer.alloc(256 * 1024, 'a');
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent > 4 * API_BODY_MAX_BYTES) {
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${test.url}/api/v1/tokens`, {
      method: 'POST',
      headers: {
        authorization: test.auth(test.tokens.admin),
        'content-type': 'application/json',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('refuses JSON that is not an object', async () => {
    for (const raw of ['[1]', '"text"', '12']) {
      const response = await fetch(`${test.url}/api/v1/tokens`, {
        method: 'POST',
        headers: {
          authorization: test.auth(test.tokens.admin),
          'content-type': 'application/json',
        },
        body: raw,
      });
      expect([raw, response.status]).toEqual([raw, 400]);
    }
  });
});
