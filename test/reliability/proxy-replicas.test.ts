/**
 * Issue 14 with several replicas: two standalone servers (separate processes) on one PostgreSQL database and one
 * blob directory, both proxying one loopback upstream (public-pkg 1.0 to 4.0, with PEP 658 metadata). What
 * one replica stored or changed, the other serves or refuses: its page and file answers follow the change feed
 * within the limit replicas.test.ts holds hosted repositories to, and it asks the upstream nothing for what the
 * other one fetched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proxyRepositories } from '@wheelhouse/test-utils/proxyRepositories';
import {
  SIMPLE_JSON_TYPE,
  startUpstreamIndex,
  UpstreamIndex,
} from '@wheelhouse/test-utils/upstreamIndex';
import { Cluster, startCluster } from './support/cluster';

jest.setTimeout(120_000);

/** As replicas.test.ts: how soon a change on one replica shows on the other. */
const PROPAGATION_LIMIT_MS = 100;

const run =
  process.env.WHEELHOUSE_E2E_SKIP_PG === '1' ? describe.skip : describe;

run('two replicas proxying one upstream, on one PostgreSQL', () => {
  let work: string;
  let upstream: UpstreamIndex;
  let cluster: Cluster;
  const [a, b] = [0, 1].map(index => () => cluster.replicas[index]);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-proxy-replicas-'));
    upstream = await startUpstreamIndex({
      directory: work,
      releases: ['1.0', '2.0', '3.0', '4.0'].map(version => ({ version })),
      maxAgeSeconds: 600,
      coreMetadata: true,
    });
    cluster = await startCluster({
      replicas: 2,
      backend: 'postgres',
      storage: 'local',
      label: 'proxy-replicas',
      config: {
        repositories: proxyRepositories({
          url: upstream.url,
          timeoutSeconds: 5,
        }),
      },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await upstream?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const wheel = (version: string) =>
    upstream.wheels.find(candidate => candidate.version === version)!;
  const fileUrl = (version: string) =>
    `/pypi/files/${wheel(version).sha256}/${wheel(version).filename}`;
  const entry = async (
    replica: () => Cluster['replicas'][0],
    version: string,
    repository = 'pypi',
  ) => {
    const page = await replica().request(`/${repository}/simple/public-pkg/`, {
      headers: { accept: SIMPLE_JSON_TYPE },
    });
    expect(page.status).toBe(200);
    return (page.json.files as { filename: string; yanked: unknown }[]).find(
      file => file.filename === wheel(version).filename,
    );
  };
  const manage = (pathname: string, body: object = {}) =>
    a().request(`/api/v1/repositories/pypi/packages/public-pkg${pathname}`, {
      method: 'POST',
      token: cluster.admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** Runs the checks on B once the limit has passed since A answered. */
  const atLimit = async <T>(answeredAt: number, checks: () => Promise<T>) => {
    await new Promise(wait =>
      setTimeout(wait, answeredAt + PROPAGATION_LIMIT_MS - performance.now()),
    );
    return checks();
  };

  it(`a version disabled on A is refused by B's page and file answers within ${PROPAGATION_LIMIT_MS} ms, through the virtual repository too`, async () => {
    // B fetches the page and 3.0 and has them in its caches before the change.
    expect((await entry(b, '3.0'))?.yanked).toBe(false);
    expect((await entry(b, '3.0', 'all'))?.yanked).toBe(false);
    expect((await b().request(fileUrl('3.0'))).status).toBe(200);
    expect((await b().request(fileUrl('3.0'))).status).toBe(200);
    expect((await entry(b, '3.0'))?.yanked).toBe(false);
    const disabled = await manage('/versions/3.0/disable', {
      reason: 'blocked on A',
    });
    expect(disabled.status).toBe(200);
    const answeredAt = performance.now();
    const [file, listed, merged, virtualFile] = await atLimit(answeredAt, () =>
      Promise.all([
        b().request(fileUrl('3.0')),
        entry(b, '3.0'),
        entry(b, '3.0', 'all'),
        b().request(fileUrl('3.0').replace(/^\/pypi\//, '/all/')),
      ]),
    );
    expect([file.status, file.statusText]).toEqual([
      403,
      expect.stringMatching(/blocked on A/),
    ]);
    expect(listed?.yanked).toBe('disabled: blocked on A');
    expect(merged?.yanked).toBe('disabled: blocked on A');
    expect(virtualFile.status).toBe(403);
  });

  it(`a cache purge on A is seen by B within ${PROPAGATION_LIMIT_MS} ms: B fetches the page and file again`, async () => {
    expect((await a().request(fileUrl('1.0'))).status).toBe(200);
    const files = upstream.counts.files;
    const served = await b().request(fileUrl('1.0'));
    expect(served.body.equals(wheel('1.0').bytes)).toBe(true);
    expect(upstream.counts.files).toBe(files);

    const purged = await manage('/cache/purge');
    expect(purged.status).toBe(200);
    expect(purged.json).toMatchObject({ page: true, versions: 1 });
    const answeredAt = performance.now();
    const pages = upstream.counts.pages;
    // The page is gone from the store, so B does not know the file until it fetches the page again.
    const unknown = await atLimit(answeredAt, () =>
      b().request(fileUrl('1.0')),
    );
    expect(unknown.status).toBe(404);
    const cache = await b().request('/api/v1/repositories/pypi/cache', {
      token: cluster.admin,
    });
    // The disabled 3.0 stays and keeps blocking.
    expect(cache.json).toMatchObject({ projects: 0, files: 1 });
    expect((await entry(b, '3.0'))?.yanked).toBe('disabled: blocked on A');
    expect(upstream.counts.pages).toBe(pages + 1);
    expect((await b().request(fileUrl('1.0'))).status).toBe(200);
    expect(upstream.counts.files).toBe(files + 1);
  });

  it('B serves what A fetched (page, file, metadata of a file not stored) asking the upstream nothing, also with the upstream stopped', async () => {
    expect(await entry(a, '2.0')).toBeDefined();
    expect((await a().request(fileUrl('2.0'))).status).toBe(200);
    expect((await a().request(`${fileUrl('4.0')}.metadata`)).status).toBe(200);
    const before = { ...upstream.counts };
    const check = async () => {
      expect(await entry(b, '4.0')).toBeDefined();
      const file = await b().request(fileUrl('2.0'));
      expect(file.body.equals(wheel('2.0').bytes)).toBe(true);
      const metadata = await b().request(`${fileUrl('4.0')}.metadata`);
      expect([
        metadata.status,
        metadata.body.equals(wheel('4.0').metadata),
      ]).toEqual([200, true]);
    };
    await check();
    expect(upstream.counts).toEqual(before);
    await upstream.stop();
    await check();
  });
});
