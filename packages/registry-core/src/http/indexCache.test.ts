import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '../__testutils__/distributions';
import {
  startTestServer,
  TEST_CONFIG,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

/**
 * The cache of rendered index pages, end to end: every change made through the registry shows on the very next
 * request (a TTL of a minute proves it is invalidation, not expiry), and a change it never heard of (another replica
 * writing to the shared database) shows once the TTL has passed.
 */
describe.each(TEST_DATABASES)('index page cache on %s', kind => {
  let test: TestServer;
  let work: string;
  let builds = 0;

  afterEach(async () => {
    await test?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const start = async (indexCacheTtlMs: number) => {
    // Disabled versions hidden (the repository option), so that a disable changes the versions listed.
    test = await startTestServer(kind, {
      ...TEST_CONFIG,
      repositories: TEST_CONFIG.repositories!.map(repository => ({
        ...repository,
        disabledVersions: 'hidden' as const,
      })),
      indexCacheTtlMs,
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-index-cache-'));
  };
  const publish = async (name: string, version: string) => {
    const file = makeWheel(path.join(work, String(builds++)), {
      name,
      version,
    });
    const response = await uploadFile(test, file, { fields: { name } });
    expect(response.status).toBe(200);
  };
  const manage = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(
      `${test.url}/api/v1/repositories/default${url}`,
      {
        method,
        headers: {
          authorization: test.auth(test.tokens.manager),
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    expect([method, url, response.status]).toEqual([method, url, 200]);
  };
  /** Versions on the project page (JSON and HTML must agree), or null for a 404. */
  const versions = async (name: string) => {
    const json = await fetch(`${test.url}/default/simple/${name}/`, {
      headers: { accept: SIMPLE_JSON },
    });
    const html = await fetch(`${test.url}/default/simple/${name}/`);
    expect(html.status).toBe(json.status);
    if (json.status === 404) return null;
    const page = (await json.json()) as {
      versions: string[];
      files: { filename: string }[];
    };
    const text = await html.text();
    for (const file of page.files) expect(text).toContain(`>${file.filename}<`);
    expect((text.match(/<a /g) ?? []).length).toBe(page.files.length);
    return page.versions;
  };
  const listed = async () => {
    const json = (await (
      await fetch(`${test.url}/default/simple/`, {
        headers: { accept: SIMPLE_JSON },
      })
    ).json()) as {
      projects: { name: string }[];
    };
    const html = await (await fetch(`${test.url}/default/simple/`)).text();
    const names = json.projects.map(project => project.name).sort();
    for (const name of names) expect(html).toContain(`>${name}</a>`);
    return names;
  };

  it('shows every change made through the registry on the next request', async () => {
    await start(60_000);
    await publish('cached-pkg', '1.0.0');
    expect(await versions('cached-pkg')).toEqual(['1.0.0']);
    expect(await listed()).toEqual(['cached-pkg']);

    // Upload: the project page and the list.
    await publish('cached-pkg', '1.1.0');
    expect(await versions('cached-pkg')).toEqual(['1.0.0', '1.1.0']);
    await publish('second-pkg', '0.1');
    expect(await listed()).toEqual(['cached-pkg', 'second-pkg']);

    // Disable and enable.
    await manage('POST', '/packages/cached-pkg/versions/1.1.0/disable', {
      reason: 'broken',
    });
    expect(await versions('cached-pkg')).toEqual(['1.0.0']);
    await manage('POST', '/packages/cached-pkg/versions/1.1.0/enable');
    expect(await versions('cached-pkg')).toEqual(['1.0.0', '1.1.0']);

    // Yank stays listed but marked.
    await manage('POST', '/packages/cached-pkg/versions/1.0.0/yank', {
      reason: 'old',
    });
    const yanked = (await (
      await fetch(`${test.url}/default/simple/cached-pkg/`, {
        headers: { accept: SIMPLE_JSON },
      })
    ).json()) as {
      files: { filename: string; yanked: unknown }[];
    };
    expect(
      yanked.files.find(file => file.filename.includes('1.0.0'))!.yanked,
    ).toBe('old');

    // Delete to the recycle bin, and restore; deleting the only version takes the project off the list.
    await manage('DELETE', '/packages/cached-pkg/versions/1.1.0');
    expect(await versions('cached-pkg')).toEqual(['1.0.0']);
    await manage('POST', '/recycle-bin/cached-pkg/1.1.0/restore');
    expect(await versions('cached-pkg')).toEqual(['1.0.0', '1.1.0']);
    await manage('DELETE', '/packages/second-pkg/versions/0.1');
    expect(await versions('second-pkg')).toBeNull();
    expect(await listed()).toEqual(['cached-pkg']);
    await manage('POST', '/recycle-bin/second-pkg/0.1/restore');
    expect(await listed()).toEqual(['cached-pkg', 'second-pkg']);
  });

  it('answers If-None-Match from the cached ETag, which changes with the page', async () => {
    await start(60_000);
    await publish('etag-pkg', '1.0.0');
    const first = await fetch(`${test.url}/default/simple/etag-pkg/`);
    const etag = first.headers.get('etag')!;
    expect(
      (
        await fetch(`${test.url}/default/simple/etag-pkg/`, {
          headers: { 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    await publish('etag-pkg', '2.0.0');
    // Uncompressed, so that Content-Length can be compared with the text (fetch decodes gzip and br).
    const changed = await fetch(`${test.url}/default/simple/etag-pkg/`, {
      headers: { 'if-none-match': etag, 'accept-encoding': 'identity' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Number(changed.headers.get('content-length'))).toBe(
      Buffer.byteLength(await changed.text()),
    );
  });

  it('shows a change made behind its back (another replica) once the TTL has passed', async () => {
    const ttl = 400;
    await start(ttl);
    await publish('replica-pkg', '1.0.0');
    await publish('replica-pkg', '2.0.0');
    expect(await versions('replica-pkg')).toEqual(['1.0.0', '2.0.0']);
    // What another replica's disable does to the shared database; this process is not told.
    await test.server
      .database('wh_versions')
      .where({ canonical: '2' })
      .orWhere({ canonical: '2.0.0' })
      .update({
        disabled_at: new Date().toISOString(),
        disabled_by: 'other replica',
        disabled_reason: 'x',
      });
    const changedAt = Date.now();
    const jsonVersions = async () =>
      (
        (await (
          await fetch(`${test.url}/default/simple/replica-pkg/`, {
            headers: { accept: SIMPLE_JSON },
          })
        ).json()) as { versions: string[] }
      ).versions;
    let seen: string[] = [];
    while (Date.now() - changedAt < ttl * 5) {
      // JSON only: the HTML page was cached at another moment, so the two may differ within the TTL.
      seen = await jsonVersions();
      if (seen.length === 1) break;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(seen).toEqual(['1.0.0']);
    expect(Date.now() - changedAt).toBeLessThan(ttl * 5);
  });

  it('renders every request when the TTL is 0', async () => {
    await start(0);
    await publish('uncached-pkg', '1.0.0');
    expect(await versions('uncached-pkg')).toEqual(['1.0.0']);
    await test.server
      .database('wh_versions')
      .update({ yanked_at: new Date().toISOString(), yanked_reason: 'direct' });
    const page = (await (
      await fetch(`${test.url}/default/simple/uncached-pkg/`, {
        headers: { accept: SIMPLE_JSON },
      })
    ).json()) as {
      files: { yanked: unknown }[];
    };
    expect(page.files[0].yanked).toBe('direct');
  });
});
