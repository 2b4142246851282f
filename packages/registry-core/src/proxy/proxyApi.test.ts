import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SIMPLE_JSON_TYPE as JSON_TYPE,
  startUpstreamIndex,
  UpstreamIndex,
} from '@wheelhouse/test-utils/upstreamIndex';
import { TEST_DATABASES } from '../__testutils__/databases';
import { proxyRepositories } from '@wheelhouse/test-utils/proxyRepositories';
import { startTestServer, TestServer } from '../__testutils__/testServer';

describe.each(TEST_DATABASES)('proxy repositories on %s', kind => {
  let test: TestServer;
  let upstream: UpstreamIndex;
  let work: string;

  beforeEach(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-proxy-'));
    upstream = await startUpstreamIndex({
      directory: work,
      displayName: 'Public-Pkg',
      releases: [{ version: '2.0' }],
      requiresPython: '>=3.8',
      maxAgeSeconds: 0,
      coreMetadata: true,
    });
    test = await startTestServer(kind, {
      repositories: proxyRepositories({ url: upstream.url, timeoutSeconds: 1 }),
      indexCacheTtlMs: 0,
    });
  });

  afterEach(async () => {
    await test?.stop();
    await upstream?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const page = (repository = 'pypi') =>
    fetch(`${test.url}/${repository}/simple/public-pkg/`, {
      headers: { accept: JSON_TYPE },
    });
  /** The upstream's one wheel. */
  const wheel = () => upstream.wheels[0];
  const fileUrl = (repository = 'pypi') =>
    `${test.url}/${repository}/files/${wheel().sha256}/${wheel().filename}`;

  it('serves the upstream page with its own file URLs, revalidating with If-None-Match, stale with a warning when the upstream fails', async () => {
    const first = await page();
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({
      name: 'public-pkg',
      versions: ['2.0'],
      files: [
        {
          filename: wheel().filename,
          url: `../../files/${wheel().sha256}/${wheel().filename}`,
          hashes: { sha256: wheel().sha256 },
          'requires-python': '>=3.8',
          yanked: false,
          size: wheel().bytes.length,
          'upload-time': '2026-01-01T00:00:00Z',
        },
      ],
    });
    // max-age=0: every request revalidates, and the upstream answers 304.
    expect((await page()).status).toBe(200);
    expect(upstream.counts.revalidations).toBe(1);

    upstream.mode = 'error';
    const stale = await page();
    expect(stale.status).toBe(200);
    expect(stale.headers.get('warning')).toMatch(/^111 - ".*503/);
    expect(((await stale.json()) as { files: unknown[] }).files).toHaveLength(
      1,
    );
  });

  it('answers 502 with the reason when the upstream fails with nothing stored, 504 when it does not answer', async () => {
    upstream.mode = 'error';
    const failed = await page();
    expect(failed.status).toBe(502);
    expect(failed.statusText).toMatch(/Upstream .* answered 503/);
    upstream.mode = 'hang';
    const timedOut = await page();
    expect(timedOut.status).toBe(504);
    expect(await timedOut.text()).toMatch(/did not answer in time/);
  });

  it('fetches a file once for concurrent first requests, then serves it from the store', async () => {
    expect((await page()).status).toBe(200);
    let release!: () => void;
    upstream.gate = new Promise<void>(resolve => (release = resolve));
    const downloads = [fetch(fileUrl()), fetch(fileUrl('all'))];
    await new Promise(resolve => setTimeout(resolve, 300));
    release();
    const bodies = await Promise.all(
      (await Promise.all(downloads)).map(async response => {
        expect(response.status).toBe(200);
        return Buffer.from(await response.arrayBuffer());
      }),
    );
    for (const bytes of bodies) expect(bytes.equals(wheel().bytes)).toBe(true);
    expect(upstream.counts.files).toBe(1);

    await upstream.stop();
    const again = await fetch(fileUrl());
    expect(Buffer.from(await again.arrayBuffer()).equals(wheel().bytes)).toBe(
      true,
    );
    const cache = await fetch(`${test.url}/api/v1/repositories/pypi/cache`, {
      headers: { authorization: test.auth(test.tokens.admin) },
    });
    expect(await cache.json()).toMatchObject({
      files: 1,
      bytes: wheel().bytes.length,
    });
    // Every download counts, the first one (which fetched the file) too.
    await test.server.registry.downloadCounter.flush();
    const details = await fetch(
      `${test.url}/api/v1/repositories/pypi/packages/public-pkg`,
      { headers: { authorization: test.auth(test.tokens.admin) } },
    );
    expect(
      ((await details.json()) as { totalDownloads: number }).totalDownloads,
    ).toBe(3);
  });

  it('stores PEP 658 metadata of a file not stored yet once it matches the page, then serves it from the store', async () => {
    expect((await page()).status).toBe(200);
    const metadata = (repository = 'pypi') =>
      fetch(`${fileUrl(repository)}.metadata`);
    upstream.mode = 'corrupt';
    expect((await metadata()).status).toBe(502);
    expect((await metadata()).status).toBe(502);
    expect(upstream.counts.metadata).toBe(2);

    upstream.mode = 'ok';
    for (const repository of ['pypi', 'all', 'pypi']) {
      const answer = await metadata(repository);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toBe(`"${wheel().metadataSha256}"`);
      expect(Buffer.from(await answer.arrayBuffer())).toEqual(wheel().metadata);
    }
    expect(upstream.counts.metadata).toBe(3);
    expect(upstream.counts.files).toBe(0);
    await upstream.stop();
    const stopped = await metadata();
    expect(stopped.headers.get('etag')).toBe(`"${wheel().metadataSha256}"`);
    expect(Buffer.from(await stopped.arrayBuffer())).toEqual(wheel().metadata);
    expect(upstream.counts.metadata).toBe(3);
  });

  it("serves a stored file's metadata from beside it, asking the upstream nothing", async () => {
    expect((await page()).status).toBe(200);
    expect((await fetch(fileUrl())).status).toBe(200);
    await upstream.stop();
    const answer = await fetch(`${fileUrl('all')}.metadata`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe(`"${wheel().metadataSha256}"`);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(wheel().metadata);
    expect(upstream.counts.metadata).toBe(0);
  });

  it('forgets stored metadata with the purge of its project, and refuses it for a disabled version', async () => {
    const admin = {
      authorization: test.auth(test.tokens.admin),
      'content-type': 'application/json',
    };
    const metadata = () => fetch(`${fileUrl()}.metadata`);
    expect((await page()).status).toBe(200);
    expect((await metadata()).status).toBe(200);
    expect((await metadata()).status).toBe(200);
    expect(upstream.counts.metadata).toBe(1);
    const purged = await fetch(
      `${test.url}/api/v1/repositories/pypi/packages/public-pkg/cache/purge`,
      { method: 'POST', headers: admin, body: '{}' },
    );
    expect(await purged.json()).toMatchObject({ page: true, versions: 0 });
    expect((await page()).status).toBe(200);
    expect((await metadata()).status).toBe(200);
    expect(upstream.counts.metadata).toBe(2);

    // A stored file (its metadata stored beside it) gives a version to disable: its metadata is refused too.
    expect((await fetch(fileUrl())).status).toBe(200);
    const disabled = await fetch(
      `${test.url}/api/v1/repositories/pypi/packages/public-pkg/versions/2.0/disable`,
      {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ reason: 'bad release' }),
      },
    );
    expect(disabled.status).toBe(200);
    expect((await metadata()).status).toBe(403);
  });

  it('refuses a file whose bytes do not match the page: the client gets no complete answer and nothing is stored', async () => {
    expect((await page()).status).toBe(200);
    upstream.mode = 'corrupt';
    await expect(
      fetch(fileUrl()).then(response => response.arrayBuffer()),
    ).rejects.toThrow();
    await expect(
      fetch(fileUrl()).then(response => response.arrayBuffer()),
    ).rejects.toThrow();
    expect(upstream.counts.files).toBe(2);
    const cache = await fetch(`${test.url}/api/v1/repositories/pypi/cache`, {
      headers: { authorization: test.auth(test.tokens.admin) },
    });
    expect(await cache.json()).toMatchObject({
      files: 0,
      counters: { hashMismatches: 2 },
    });
  });

  it('refuses uploads to a proxy and to a virtual repository without uploadTo, naming why', async () => {
    for (const [repository, reason] of [
      ['pypi', /is a proxy/],
      ['all', /no uploadTo setting/],
    ] as const) {
      const response = await fetch(`${test.url}/${repository}/`, {
        method: 'POST',
        headers: {
          authorization: test.auth(test.tokens.admin),
          'content-type': 'multipart/form-data; boundary=x',
        },
        body: '--x--\r\n',
      });
      expect(response.status).toBe(400);
      expect(response.statusText).toMatch(reason);
    }
  });

  it('lists each repository with its kind, and marks what a proxy stored as cached in its list and details', async () => {
    const admin = { authorization: test.auth(test.tokens.admin) };
    const repositories = await fetch(`${test.url}/api/v1/repositories`, {
      headers: admin,
    });
    expect(((await repositories.json()) as { items: unknown }).items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'all', kind: 'virtual' }),
        expect.objectContaining({
          name: 'pypi',
          kind: 'proxy',
          upstream: upstream.url,
        }),
        expect.objectContaining({ name: 'team', kind: 'hosted' }),
      ]),
    );
    expect((await page()).status).toBe(200);
    expect((await fetch(fileUrl())).status).toBe(200);
    const details = await fetch(
      `${test.url}/api/v1/repositories/pypi/packages/public-pkg`,
      { headers: admin },
    );
    expect(await details.json()).toMatchObject({
      name: 'public-pkg',
      cached: true,
      upstream: upstream.url,
    });
  });

  it('purges a project: its stored page and files go, a disabled version stays and keeps blocking', async () => {
    const admin = { authorization: test.auth(test.tokens.admin) };
    expect((await page()).status).toBe(200);
    expect((await fetch(fileUrl())).status).toBe(200);
    const purge = () =>
      fetch(
        `${test.url}/api/v1/repositories/pypi/packages/public-pkg/cache/purge`,
        {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: '{}',
        },
      );
    const purged = await purge();
    expect(purged.status).toBe(200);
    expect(await purged.json()).toMatchObject({ page: true, versions: 1 });
    const cache = await fetch(`${test.url}/api/v1/repositories/pypi/cache`, {
      headers: admin,
    });
    expect(await cache.json()).toMatchObject({
      projects: 0,
      files: 0,
      bytes: 0,
    });

    // Unknown until the page is fetched again; then fetched again; then disabled, and a purge leaves it.
    expect((await fetch(fileUrl())).status).toBe(404);
    expect((await page()).status).toBe(200);
    expect((await fetch(fileUrl())).status).toBe(200);
    expect(upstream.counts.files).toBe(2);
    const disable = await fetch(
      `${test.url}/api/v1/repositories/pypi/packages/public-pkg/versions/2.0/disable`,
      {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'bad release' }),
      },
    );
    expect(disable.status).toBe(200);
    expect(await (await purge()).json()).toMatchObject({ versions: 0 });
    const refused = await fetch(fileUrl());
    expect(refused.status).toBe(403);
    expect(refused.statusText).toMatch(/bad release/);
  });

  it('keeps tracks per hosted project, refusing them on other kinds and refusing what is not a URL', async () => {
    const headers = {
      authorization: test.auth(test.tokens.admin),
      'content-type': 'application/json',
    };
    const put = (repository: string, tracks: unknown) =>
      fetch(
        `${test.url}/api/v1/repositories/${repository}/packages/Public_Pkg/tracks`,
        {
          method: 'PUT',
          headers,
          body: JSON.stringify({ tracks }),
        },
      );
    expect((await put('team', [`${upstream.url}public-pkg/`])).status).toBe(
      200,
    );
    const read = await fetch(
      `${test.url}/api/v1/repositories/team/packages/public-pkg/tracks`,
      { headers },
    );
    expect(await read.json()).toEqual({
      project: 'public-pkg',
      tracks: [`${upstream.url}public-pkg/`],
    });
    expect((await put('pypi', [])).status).toBe(400);
    expect((await put('team', ['ftp://example.com/x/'])).status).toBe(400);
    expect((await put('team', 'https://example/')).status).toBe(400);
    const anonymous = await fetch(
      `${test.url}/api/v1/repositories/team/packages/public-pkg/tracks`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"tracks": []}',
      },
    );
    expect(anonymous.status).toBe(401);
  });
});
