import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

/**
 * Downloads come from the in-memory file index and cached token verifications. A change must still take effect at
 * once: no download that starts after a disable, a delete or a revocation has answered may succeed, under load.
 */
describe('downloads from the file index', () => {
  let test: TestServer;
  let work: string;
  let builds = 0;

  beforeAll(async () => {
    test = await startTestServer('sqlite');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-file-index-'));
  });
  afterAll(async () => {
    await test?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const publish = async (name: string, repository = 'default') => {
    const file = makeWheel(path.join(work, String(builds++)), {
      name,
      version: '1.0.0',
    });
    const response = await uploadFile(test, file, {
      fields: { name },
      repository,
      token: test.tokens.admin,
    });
    expect(response.status).toBe(200);
    const page = (await (
      await fetch(`${test.url}/${repository}/simple/${name}/`, {
        headers: {
          accept: 'application/vnd.pypi.simple.v1+json',
          authorization: test.auth(test.tokens.admin),
        },
      })
    ).json()) as { files: { url: string }[] };
    return new URL(
      page.files[0].url,
      `${test.url}/${repository}/simple/${name}/`,
    ).pathname;
  };
  const manage = (method: string, url: string, body?: unknown) =>
    fetch(`${test.url}/api/v1${url}`, {
      method,
      headers: {
        authorization: test.auth(test.tokens.admin),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /**
   * Downloads in `loops` concurrent loops while `change` runs, until `after` ms past its answer. Returns every download
   * with when it started, and when the change answered.
   */
  const downloadThrough = async (
    url: string,
    change: () => Promise<Response>,
    options: { authorization?: string; loops?: number; after?: number } = {},
  ) => {
    const results: { startedAt: number; status: number }[] = [];
    let stopAt = Infinity;
    const loop = async () => {
      while (performance.now() < stopAt) {
        const startedAt = performance.now();
        const response = await fetch(`${test.url}${url}`, {
          headers: options.authorization
            ? { authorization: options.authorization }
            : {},
        });
        await response.arrayBuffer();
        results.push({ startedAt, status: response.status });
      }
    };
    const loops = Array.from({ length: options.loops ?? 8 }, loop);
    // Enough downloads before the change that "before" means something, however loaded the machine is.
    while (results.length < 20)
      await new Promise(resolve => setTimeout(resolve, 10));
    const answer = await change();
    expect(answer.status).toBeLessThan(300);
    const changedAt = performance.now();
    stopAt = changedAt + (options.after ?? 150);
    await Promise.all(loops);
    return {
      before: results.filter(result => result.startedAt < changedAt),
      after: results.filter(result => result.startedAt >= changedAt),
    };
  };

  it('stops serving a file the moment its version is disabled, and again once it is deleted', async () => {
    const url = await publish('index-kit');
    const disabled = await downloadThrough(url, () =>
      manage(
        'POST',
        '/repositories/default/packages/index-kit/versions/1.0.0/disable',
        {
          reason: 'broken',
        },
      ),
    );
    expect(disabled.before.some(r => r.status === 200)).toBe(true);
    expect(disabled.after.length).toBeGreaterThan(0);
    expect(new Set(disabled.after.map(r => r.status))).toEqual(new Set([403]));
    const refused = await fetch(`${test.url}${url}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('broken');

    const enabled = await downloadThrough(url, () =>
      manage(
        'POST',
        '/repositories/default/packages/index-kit/versions/1.0.0/enable',
        {},
      ),
    );
    expect(new Set(enabled.after.map(r => r.status))).toEqual(new Set([200]));

    const deleted = await downloadThrough(url, () =>
      manage(
        'DELETE',
        '/repositories/default/packages/index-kit/versions/1.0.0',
        {},
      ),
    );
    expect(deleted.before.some(r => r.status === 200)).toBe(true);
    expect(new Set(deleted.after.map(r => r.status))).toEqual(new Set([404]));
  });

  it('refuses a revoked token on the next request, though its verification was cached', async () => {
    const url = await publish('token-kit', 'private');
    const created = (await (
      await manage('POST', '/tokens', { name: 'short-lived', scopes: ['read'] })
    ).json()) as { id: string; token: string };
    const authorization = test.auth(created.token);
    const revoked = await downloadThrough(
      url,
      () => manage('DELETE', `/tokens/${created.id}`),
      { authorization },
    );
    expect(revoked.before.some(r => r.status === 200)).toBe(true);
    expect(new Set(revoked.after.map(r => r.status))).toEqual(new Set([401]));
  });

  it('answers ranges, conditional requests, HEAD and percent-encoded names as before', async () => {
    const url = await publish('range-kit');
    const whole = Buffer.from(
      await (await fetch(`${test.url}${url}`)).arrayBuffer(),
    );
    const part = await fetch(`${test.url}${url}`, {
      headers: { range: 'bytes=2-9' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(
      whole.subarray(2, 10),
    );
    const etag = part.headers.get('etag')!;
    const unchanged = await fetch(`${test.url}${url}`, {
      headers: { 'if-none-match': etag },
    });
    expect(unchanged.status).toBe(304);
    const head = await fetch(`${test.url}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(whole.length));
    expect(head.headers.get('x-content-type-options')).toBe('nosniff');
    const escaped = url.replace(/\.whl$/, '%2Ewhl');
    const viaEscape = await fetch(`${test.url}${escaped}`);
    expect(viaEscape.status).toBe(200);
    expect(Buffer.from(await viaEscape.arrayBuffer())).toEqual(whole);
    const unsatisfiable = await fetch(`${test.url}${url}`, {
      headers: { range: `bytes=${whole.length + 10}-` },
    });
    expect(unsatisfiable.status).toBe(416);
  });
});
