/**
 * Issue 11, finding 8: the database goes away. A standalone server runs on a PostgreSQL cluster this test starts on
 * its own port (support/pgCluster.ts), configured with a 2 s acquire and a 3 s statement timeout. The test stops
 * the cluster (pg_ctl stop -m immediate) and, separately, freezes it (SIGSTOP to the postmaster and every backend,
 * so connections stay open and nothing answers). Meanwhile every kind of request (index, JSON API, management API,
 * upload, download) must answer 503 with Retry-After and a reason in the status line — never a 500, never a hang
 * (each within a deadline) — and once the cluster is back the same requests succeed again without a restart.
 */
import { PgCluster, startPgCluster } from '../support/pgCluster';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { buildWheel, Distribution } from '@wheelhouse/test-utils/archiveBytes';
import { basicAuth, RawResponse, rawRequest } from './support/http';
import { uploadBody } from './support/multipart';
import { recordFigures } from './support/report';
import { RunningRegistry, startRegistry } from '../support/registry';

jest.setTimeout(180_000);

const ACQUIRE_MS = 2000;
const STATEMENT_MS = 3000;
/** No request may take longer than this while the database is gone (the hot path may try twice). */
const DEADLINE_MS = 12_000;

const run =
  process.env.WHEELHOUSE_E2E_SKIP_PG === '1' ? describe.skip : describe;

run('database outages (own PostgreSQL cluster)', () => {
  let pg: PgCluster;
  let server: RunningRegistry;
  let workDir: string;
  let admin: string;
  let dist: Distribution;
  const figures = {
    requestsDuringStop: 0,
    requestsDuringFreeze: 0,
    answered503: 0,
    /** Downloads answered from the file index and memory while the database was frozen. */
    servedFromMemory: 0,
    slowestMs: 0,
    recoveredAfterStopMs: 0,
    recoveredAfterFreezeMs: 0,
  };
  const project = 'outage-demo';

  beforeAll(async () => {
    pg = await startPgCluster();
    pg.createDatabase('wheelhouse');
    workDir = makeTempDir('outages');
    server = await startRegistry({
      dataDir: workDir,
      databaseUrl: pg.url('wheelhouse'),
      config: {
        repositories: [{ name: 'default', anonymousRead: true }],
        indexCacheTtlMs: 0,
        database: {
          acquireTimeoutMs: ACQUIRE_MS,
          statementTimeoutMs: STATEMENT_MS,
        },
      },
    });
    admin = /shown only this once:\s*\n\s*(whl_\S+)/.exec(
      server.output().stdout,
    )![1];
    dist = buildWheel({ name: project, version: '1.0.0' });
    const first = await send('upload');
    if (first.status !== 200)
      throw new Error(
        `the first upload answered ${first.status} ${first.text}`,
      );
  });
  afterAll(async () => {
    recordFigures('outages', figures);
    pg?.thaw();
    await server?.stop();
    pg?.destroy();
    removeTempDir(workDir);
  });

  const requests = [
    'index',
    'project page',
    'json api',
    'management',
    'upload',
    'download',
  ] as const;
  type Kind = (typeof requests)[number];

  function send(kind: Kind, version = '1.0.0'): Promise<RawResponse> {
    const auth = { authorization: basicAuth(admin) };
    const url = (pathname: string) => `${server.url}${pathname}`;
    const options = { timeoutMs: 60_000 };
    let pending: Promise<RawResponse | undefined>;
    if (kind === 'index')
      pending = rawRequest(url('/default/simple/'), options);
    else if (kind === 'project page')
      pending = rawRequest(url(`/default/simple/${project}/`), options);
    else if (kind === 'json api')
      pending = rawRequest(url(`/default/pypi/${project}/json`), options);
    else if (kind === 'management')
      pending = rawRequest(
        url(`/api/v1/repositories/default/packages/${project}`),
        { ...options, headers: auth },
      );
    else if (kind === 'download')
      pending = rawRequest(
        url(`/default/files/${dist.sha256}/${dist.filename}`),
        options,
      );
    else {
      const wheel =
        version === '1.0.0' ? dist : buildWheel({ name: project, version });
      const body = uploadBody(wheel, { name: project, version });
      pending = rawRequest(url('/default/'), {
        ...options,
        method: 'POST',
        headers: { ...auth, 'content-type': body.contentType },
        body: body.body,
      });
    }
    return pending.then(response => {
      if (!response) throw new Error(`${kind}: no response`);
      return response;
    });
  }

  /**
   * A 503 with Retry-After and the reason, in time. With `fromMemory`, a download of a file the server has served
   * before may instead be answered from its file index and memory (nothing can change the file while the database
   * is out): then it must be the file, byte for byte.
   */
  async function expectUnavailable(
    kind: Kind,
    version: string,
    options: { fromMemory?: boolean } = {},
  ) {
    const started = Date.now();
    const response = await send(kind, version);
    const elapsed = Date.now() - started;
    figures.slowestMs = Math.max(figures.slowestMs, elapsed);
    if (options.fromMemory && kind === 'download' && response.status === 200) {
      expect(response.body.equals(dist.content)).toBe(true);
      expect(elapsed).toBeLessThan(DEADLINE_MS);
      figures.servedFromMemory += 1;
      return;
    }
    expect([kind, response.status]).toEqual([kind, 503]);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.statusText).toMatch(/^Service unavailable: the database/);
    expect(elapsed).toBeLessThan(DEADLINE_MS);
    figures.answered503 += 1;
  }

  /** Polls until every kind of request succeeds again; answers how long that took. */
  async function expectRecovery(version: string): Promise<number> {
    const started = Date.now();
    for (;;) {
      const statuses = [];
      for (const kind of requests)
        statuses.push((await send(kind, version)).status);
      if (statuses.every(status => status === 200)) return Date.now() - started;
      // Never a 500, even while it comes back.
      expect(
        statuses.filter(status => status >= 500 && status !== 503),
      ).toEqual([]);
      if (Date.now() - started > 30_000)
        throw new Error(`no recovery within 30 s: ${statuses.join(', ')}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  it('PostgreSQL stopped: every request answers 503 with Retry-After in time; it recovers once PostgreSQL is back', async () => {
    expect.hasAssertions();
    pg.stop();
    for (const [index, kind] of requests.entries()) {
      await expectUnavailable(kind, `1.1.${index}`);
      figures.requestsDuringStop += 1;
    }
    // Several at once: none waits longer than the deadline.
    await Promise.all(
      requests.map((kind, index) => expectUnavailable(kind, `1.2.${index}`)),
    );
    figures.requestsDuringStop += requests.length;
    pg.start();
    figures.recoveredAfterStopMs = await expectRecovery('1.3.0');
  });

  it('PostgreSQL frozen (SIGSTOP): every request answers 503 in time instead of hanging; it recovers on SIGCONT', async () => {
    pg.freeze();
    try {
      // A frozen database keeps the change feed's connection open: the file index still holds the file.
      await Promise.all(
        requests.map((kind, index) =>
          expectUnavailable(kind, `1.4.${index}`, { fromMemory: true }),
        ),
      );
      figures.requestsDuringFreeze += requests.length;
    } finally {
      pg.thaw();
    }
    figures.recoveredAfterFreezeMs = await expectRecovery('1.6.0');
    // Nothing half-written meanwhile: only versions answered 200 exist.
    const details = await rawRequest(
      `${server.url}/api/v1/repositories/default/packages/${project}`,
      { headers: { authorization: basicAuth(admin) } },
    );
    expect(
      (details!.json.versions as { version: string }[])
        .map(v => v.version)
        .sort(),
    ).toEqual(['1.0.0', '1.3.0', '1.6.0']);
  });
});
