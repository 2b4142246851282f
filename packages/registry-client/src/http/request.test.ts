import { Readable } from 'node:stream';
import { FakeServer, startFakeServer } from '@wheelhouse/test-utils/fakeServer';
import { HttpError } from './errors';
import { expectOk, sendRequest, serverMessage } from './request';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendRequest', () => {
  it('sends method, headers and body and returns status and body', async () => {
    server = await startFakeServer(() => ({ status: 201, body: { ok: true } }));
    const response = await sendRequest({
      method: 'PUT',
      url: `${server.url}/a?b=1`,
      headers: { 'x-test': 'yes' },
      body: Buffer.from('hello'),
    });
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({
      method: 'PUT',
      url: '/a?b=1',
      headers: expect.objectContaining({ 'x-test': 'yes' }),
    });
    expect(server.requests[0].body.toString()).toBe('hello');
  });

  it('resolves with an answer the server sends before reading a streamed body (401 before the upload)', async () => {
    server = await startFakeServer(
      () => ({ status: 401, reason: 'Invalid or expired API token' }),
      { early: true },
    );
    const big = () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < 2000; i++) yield Buffer.alloc(64 * 1024, 1);
        })(),
      );
    const response = await sendRequest({
      method: 'POST',
      url: `${server.url}/default/`,
      body: big,
    });
    expect(response.status).toBe(401);
    expect(response.statusMessage).toBe('Invalid or expired API token');
  });

  it('rejects with the socket error when the server hangs up without answering', async () => {
    server = await startFakeServer(() => ({ status: 200, hangUp: true }));
    await expect(
      sendRequest({ method: 'GET', url: server.url }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('refuses URLs that are not http or https', async () => {
    await expect(
      sendRequest({ method: 'GET', url: 'ftp://example.com/' }),
    ).rejects.toThrow(/Unsupported URL scheme/);
  });
});

describe('serverMessage and expectOk', () => {
  const response = (
    status: number,
    body: string,
    contentType = 'text/plain',
    statusMessage = '',
  ) => ({
    status,
    statusMessage,
    headers: { 'content-type': contentType },
    body: Buffer.from(body),
  });

  it('takes the management API error message from the JSON body', () => {
    const body = JSON.stringify({
      error: { name: 'InputError', message: 'A reason is required' },
    });
    expect(
      serverMessage(
        response(400, body, 'application/json', 'A reason is required'),
      ),
    ).toBe('A reason is required');
  });

  it('takes the upload API text body without the repeated status', () => {
    expect(
      serverMessage(
        response(409, '409 File already exists: x.whl was uploaded before\n'),
      ),
    ).toBe('File already exists: x.whl was uploaded before');
  });

  it('falls back to the reason phrase for HTML or empty bodies', () => {
    expect(
      serverMessage(
        response(502, '<html>bad gateway</html>', 'text/html', 'Bad Gateway'),
      ),
    ).toBe('Bad Gateway');
    expect(serverMessage(response(500, ''))).toBe('Internal Server Error');
  });

  it('turns non-2xx answers into HttpErrors and refuses to follow redirects', () => {
    const request = { method: 'POST', url: 'http://x/default' };
    expect(expectOk(request, response(200, 'ok')).status).toBe(200);
    expect(() =>
      expectOk(request, response(403, 'Forbidden: no publish scope')),
    ).toThrow(HttpError);
    const redirect = {
      ...response(301, ''),
      headers: { location: 'http://x/default/' },
    };
    expect(() => expectOk(request, redirect)).toThrow(
      'redirected to http://x/default/; use that URL instead',
    );
  });

  it('keeps Retry-After of a 429 answer on the HttpError', () => {
    const request = { method: 'GET', url: 'http://x/api' };
    const tooMany = {
      ...response(429, 'Too Many Requests'),
      headers: { 'retry-after': '3' },
    };
    let error: unknown;
    try {
      expectOk(request, tooMany);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000 });
  });
});
