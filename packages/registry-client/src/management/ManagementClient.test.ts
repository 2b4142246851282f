import { FakeServer, startFakeServer } from '@wheelhouse/test-utils/fakeServer';
import { HttpError } from '../http/errors';
import { ManagementClient } from './ManagementClient';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const API = '/api/v1/repositories/default';

async function withServer(
  answer: (index: number) => { status: number; body?: object },
) {
  server = await startFakeServer((_request, index) => answer(index));
  return new ManagementClient({
    apiUrl: `${server.url}${API}`,
    password: 'tok',
    retry: { retries: 2, baseDelayMs: 1 },
  });
}

describe('ManagementClient', () => {
  it('calls each endpoint with the documented method, path and JSON body', async () => {
    const client = await withServer(() => ({
      status: 200,
      body: { items: [] },
    }));
    await client.getArtifact('My_Lib');
    await client.getVersion('my-lib', '1.0.0+local');
    await client.disable('my-lib', '1.0', 'CVE-2026-1');
    await client.enable('my-lib', '1.0');
    await client.delete('my-lib', '1.0', 'old');
    await client.delete('my-lib', '1.1');
    await client.restore('my-lib', '1.0');
    await client.recycleBin();
    await client.updateMetadata('my-lib', '1.0', {
      set: { 'github.sha': 'abc' },
      remove: ['x'],
    });
    await client.setTag('my-lib', 'stable', '1.0');
    await client.removeTag('my-lib', 'stable');
    const calls = server!.requests.map(r => [
      r.method,
      r.url,
      r.body.length ? JSON.parse(r.body.toString()) : undefined,
    ]);
    expect(calls).toEqual([
      ['GET', `${API}/packages/My_Lib`, undefined],
      ['GET', `${API}/packages/my-lib/versions/1.0.0%2Blocal`, undefined],
      [
        'POST',
        `${API}/packages/my-lib/versions/1.0/disable`,
        { reason: 'CVE-2026-1' },
      ],
      ['POST', `${API}/packages/my-lib/versions/1.0/enable`, {}],
      ['DELETE', `${API}/packages/my-lib/versions/1.0`, { reason: 'old' }],
      ['DELETE', `${API}/packages/my-lib/versions/1.1`, undefined],
      ['POST', `${API}/recycle-bin/my-lib/1.0/restore`, {}],
      ['GET', `${API}/recycle-bin`, undefined],
      [
        'PATCH',
        `${API}/packages/my-lib/versions/1.0/metadata`,
        { set: { 'github.sha': 'abc' }, remove: ['x'] },
      ],
      ['PUT', `${API}/packages/my-lib/tags/stable`, { version: '1.0' }],
      ['DELETE', `${API}/packages/my-lib/tags/stable`, undefined],
    ]);
    expect(server!.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('__token__:tok').toString('base64')}`,
    );
    expect(server!.requests[2].headers['content-type']).toBe(
      'application/json',
    );
  });

  it('throws an HttpError with the API error message, without retrying a 4xx', async () => {
    const client = await withServer(() => ({
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'Version 9 of my-lib not found',
        },
      },
    }));
    const failure = client.disable('my-lib', '9', 'x');
    await expect(failure).rejects.toBeInstanceOf(HttpError);
    await expect(failure).rejects.toThrow('404 Version 9 of my-lib not found');
    expect(server!.requests).toHaveLength(1);
  });

  it('retries a 502 and returns the later answer', async () => {
    const client = await withServer(index =>
      index < 2
        ? { status: 502 }
        : { status: 200, body: { name: 'my-lib', versions: [] } },
    );
    expect(await client.getArtifact('my-lib')).toEqual({
      name: 'my-lib',
      versions: [],
    });
    expect(server!.requests).toHaveLength(3);
  });
});
