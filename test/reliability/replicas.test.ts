/**
 * Issue 11, findings 2, 3 and 9, with two standalone servers (separate processes) on one PostgreSQL database and
 * one storage: a shared directory, and a prefix of the radosgw S3 bucket. Their blob collectors run every second
 * (the lease keeps them to one at a time) with a 5 s grace period, so they race with everything below.
 * - a purge on replica A racing an upload of the same bytes on replica B (the wheel promoted to a second
 *   repository), 50 rounds: every upload answered 200 is served, with its bytes, from both replicas afterwards;
 * - 18 rejected (409) uploads leave no object behind;
 * - leftovers (a blob no row knows, as a kill between blob and row leaves; a stale staging file) are removed by the
 *   collector after the grace period, and it logs what it removed;
 * - another database refuses to start on the same storage, saying why;
 * - (issue 12) a version disabled on A stops being listed and downloadable on B within 100 ms, though B had both the
 *   page and the file in its caches: the change reaches B by LISTEN/NOTIFY, not by the caches' TTL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import yaml from 'yaml';
import {
  createTestS3Client,
  getTestS3Server,
} from '@wheelhouse/test-utils/s3Server';
import { createTestDatabase } from '../support/postgres';
import { REPO_ROOT, startRegistry } from '../support/registry';
import { buildWheel } from '@wheelhouse/test-utils/archiveBytes';
import {
  Cluster,
  REPOSITORIES,
  runSuffix,
  startCluster,
} from './support/cluster';
import { recordFigures } from './support/report';

jest.setTimeout(300_000);

const ROUNDS = Number(process.env.WHEELHOUSE_REPLICA_ROUNDS ?? '50');
const REJECTIONS = 18;
const GRACE_SECONDS = 5;
/** Issue 12: how soon a change on one replica shows on the other (the caches' TTL is 2 s and more). */
const PROPAGATION_LIMIT_MS = 100;
const PROPAGATION_ROUNDS = 10;

const STORAGES = ['local', 's3'] as const;
const run =
  process.env.WHEELHOUSE_E2E_SKIP_PG === '1' ? describe.skip : describe;

run.each(STORAGES)('two replicas on one PostgreSQL, %s storage', storage => {
  let cluster: Cluster;
  const figures = {
    purgeUploadRounds: 0,
    uploadsAnswered200: 0,
    uploadsLost: 0,
    purgesAnswered200: 0,
    rejectedUploads: 0,
    objectsLeftByRejections: 0,
    orphansPlaced: 0,
    orphansCollected: 0,
    rowsWithoutBlob: 0,
    propagationMedianMs: 0,
    propagationMaxMs: 0,
    propagationRoundsPastLimit: 0,
  };
  const [main, other] = REPOSITORIES;
  const project = `replica-${runSuffix()}`;

  beforeAll(async () => {
    cluster = await startCluster({
      replicas: 2,
      backend: 'postgres',
      storage,
      label: `replicas-${storage}`,
      config: {
        blobGracePeriodSeconds: GRACE_SECONDS,
        blobCollectionIntervalSeconds: 1,
      },
    });
  });
  afterAll(async () => {
    recordFigures(`replicas-${storage}`, figures);
    await cluster?.stop();
  });

  const [a, b] = [0, 1].map(index => () => cluster.replicas[index]);

  it(`purge on A vs upload of the same bytes on B, ${ROUNDS} rounds: no file row without its blob`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const version = `2.0.${round}`;
      const dist = buildWheel({ name: project, version });
      expect((await a().upload(dist, { repository: main })).status).toBe(200);
      const api = `/api/v1/repositories/${main}`;
      expect(
        (
          await a().request(`${api}/packages/${project}/versions/${version}`, {
            method: 'DELETE',
            token: cluster.admin,
          })
        ).status,
      ).toBe(200);
      const [purge, promoted] = await Promise.all([
        a().request(`${api}/recycle-bin/${project}/${version}`, {
          method: 'DELETE',
          token: cluster.admin,
        }),
        b().upload(dist, { repository: other }),
      ]);
      expect(purge.status).toBe(200);
      expect([promoted.status, promoted.statusText]).toEqual([200, 'OK']);
      figures.purgesAnswered200 += 1;
      figures.uploadsAnswered200 += 1;
      for (const replica of [a(), b()]) {
        const file = await replica.request(
          `/${other}/files/${dist.sha256}/${dist.filename}`,
        );
        if (file.status !== 200 || !file.body.equals(dist.content))
          figures.uploadsLost += 1;
        const metadata = await replica.request(
          `/${other}/files/${dist.sha256}/${dist.filename}.metadata`,
        );
        if (metadata.status !== 200) figures.uploadsLost += 1;
      }
      figures.purgeUploadRounds += 1;
    }
    expect(figures.uploadsLost).toBe(0);
  });

  it(`a version disabled on A leaves B's index and file answers within ${PROPAGATION_LIMIT_MS} ms (LISTEN/NOTIFY)`, async () => {
    const api = `/api/v1/repositories/${main}/packages/${project}/versions`;
    const samples: number[] = [];
    let missedLimit = 0;
    for (let round = 0; round < PROPAGATION_ROUNDS; round += 1) {
      const version = `5.0.${round}`;
      const dist = buildWheel({ name: project, version });
      expect((await a().upload(dist, { repository: main })).status).toBe(200);
      const fileUrl = `/${main}/files/${dist.sha256}/${dist.filename}`;
      const listed = async () => {
        const page = await b().request(`/${main}/simple/${project}/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        });
        const entry = (page.json?.files ?? []).find(
          (file: { filename: string }) => file.filename === dist.filename,
        );
        return Boolean(entry) && !entry.yanked;
      };
      // B has the file and the page in its caches before the change. The upload reaches B through the feed too,
      // a moment after A answered (its page from the last round may still be cached until then).
      expect((await b().request(fileUrl)).status).toBe(200);
      const uploadSeen = performance.now();
      while (!(await listed()) && performance.now() - uploadSeen < 5000);
      expect(await listed()).toBe(true);
      const disabled = await a().request(`${api}/${version}/disable`, {
        method: 'POST',
        token: cluster.admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'propagation' }),
      });
      expect(disabled.status).toBe(200);
      const answeredAt = performance.now();
      // The requirement: requests B gets from 100 ms after A answered show the change. One poller each for the
      // file and the page also times when B first showed it (for the report: that figure includes a poll's own time).
      const firstSeen = async (check: () => Promise<boolean>) => {
        for (;;) {
          const seen = await check();
          const now = performance.now();
          if (seen) return now - answeredAt;
          if (now - answeredAt > 5000) return Infinity;
        }
      };
      const fileRefused = async () =>
        (await b().request(fileUrl)).status === 403;
      const pageChanged = async () => !(await listed());
      const atLimit = (async () => {
        await new Promise(wait =>
          setTimeout(
            wait,
            answeredAt + PROPAGATION_LIMIT_MS - performance.now(),
          ),
        );
        return Promise.all([fileRefused(), pageChanged()]);
      })();
      const [fileMs, pageMs, [refusedAtLimit, changedAtLimit]] =
        await Promise.all([
          firstSeen(fileRefused),
          firstSeen(pageChanged),
          atLimit,
        ]);
      samples.push(Math.max(fileMs, pageMs));
      if (!refusedAtLimit || !changedAtLimit) missedLimit += 1;
    }
    figures.propagationMaxMs = Math.round(Math.max(...samples));
    figures.propagationMedianMs = Math.round(
      [...samples].sort((x, y) => x - y)[Math.floor(samples.length / 2)],
    );
    figures.propagationRoundsPastLimit = missedLimit;
    // The samples are shown when it fails.
    expect({ missedLimit, samples }).toEqual({ missedLimit: 0, samples });
  });

  it(`${REJECTIONS} rejected (409) uploads leave no objects`, async () => {
    const version = '3.0.0';
    const first = buildWheel({ name: project, version });
    expect((await a().upload(first)).status).toBe(200);
    const before = new Set(await cluster.listBlobs());
    for (let index = 0; index < REJECTIONS; index += 1) {
      // Other bytes (and other METADATA) under the same filename.
      const rejected = buildWheel({
        name: project,
        version,
        summary: `variant ${index}`,
        moduleBody: `VARIANT = ${index}`,
      });
      expect(rejected.filename).toBe(first.filename);
      const replica = index % 2 ? b() : a();
      const response = await replica.upload(rejected);
      expect(response.status).toBe(409);
      figures.rejectedUploads += 1;
    }
    const left = (await cluster.listBlobs()).filter(key => !before.has(key));
    figures.objectsLeftByRejections = left.length;
    expect(left).toEqual([]);
  });

  it('the collector removes leftovers after the grace period and logs them', async () => {
    const orphans = [0, 1, 2].map(index => {
      const bytes = Buffer.from(`leftover ${index} ${runSuffix()}`);
      return {
        bytes,
        key: crypto.createHash('sha256').update(bytes).digest('hex'),
      };
    });
    // What a process killed between storing a blob and writing its row leaves behind.
    for (const orphan of orphans) await placeBlob(cluster, storage, orphan);
    const staging = path.join(a().dataDir, 'blobs', '.staging');
    fs.mkdirSync(staging, { recursive: true });
    const stale = path.join(staging, `upload-killed-${runSuffix()}.part`);
    fs.writeFileSync(stale, 'half an upload');
    const old = new Date(Date.now() - 2 * GRACE_SECONDS * 1000);
    fs.utimesSync(stale, old, old);
    figures.orphansPlaced = orphans.length;

    const deadline = Date.now() + 8 * GRACE_SECONDS * 1000;
    const logged = (key: string) =>
      cluster
        .stderr()
        .includes(`Blob collector removed unreferenced blob ${key}`);
    let present = orphans.map(orphan => orphan.key);
    let unlogged = present;
    while (Date.now() < deadline) {
      const blobs = new Set(await cluster.listBlobs());
      present = orphans.map(orphan => orphan.key).filter(key => blobs.has(key));
      // Logged as removed (the line may reach us a moment after the blob is gone).
      unlogged = orphans.map(orphan => orphan.key).filter(key => !logged(key));
      if (!present.length && !unlogged.length && !fs.existsSync(stale)) break;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    figures.orphansCollected = orphans.length - present.length;
    expect(present).toEqual([]);
    expect(unlogged).toEqual([]);
    expect(fs.existsSync(stale)).toBe(false);
    expect(cluster.stderr()).toMatch(
      /Blob collector removed \d+ stale staging file/,
    );
  });

  it('every file row still has its blob and metadata, after the collectors ran', async () => {
    await new Promise(resolve =>
      setTimeout(resolve, (GRACE_SECONDS + 2) * 1000),
    );
    const blobs = new Set(await cluster.listBlobs());
    const db = cluster.database();
    try {
      const rows = await db('wh_files').select(
        'filename',
        'sha256',
        'metadata_sha256',
      );
      expect(rows.length).toBeGreaterThan(ROUNDS);
      const missing = rows.filter(
        row => !blobs.has(row.sha256) || !blobs.has(row.metadata_sha256),
      );
      figures.rowsWithoutBlob = missing.length;
      expect(missing).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('another database refuses to start on the same storage', async () => {
    const otherDatabase = await createTestDatabase();
    try {
      const dataDir =
        storage === 'local' ? a().dataDir : `${a().dataDir}-other-database`;
      const started = startRegistry({
        dataDir,
        databaseUrl: otherDatabase.url,
        config: JSON.parse(
          fs.readFileSync(
            path.join(a().dataDir, 'wheelhouse-e2e-config.json'),
            'utf8',
          ),
        ),
      });
      await expect(started).rejects.toThrow(
        /belongs to another Wheelhouse database/,
      );
      // It stopped before touching anything: the replicas still serve.
      expect((await b().request(`/${other}/simple/`)).status).toBe(200);
    } finally {
      await otherDatabase.drop();
    }
  });
});

describe('default storage locations', () => {
  it('npm start (dev Backstage) and npm run serve (standalone) keep their files apart', () => {
    const dev = yaml.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'packages/backstage-backend/dev/app-config.yaml'),
        'utf8',
      ),
    );
    const backstageBlobs = path.resolve(REPO_ROOT, dev.pypi.storage.directory);
    // The CLI's default data directory is .wheelhouse, its blobs in .wheelhouse/blobs.
    const standaloneBlobs = path.resolve(REPO_ROOT, '.wheelhouse', 'blobs');
    expect(backstageBlobs).not.toBe(standaloneBlobs);
    expect(backstageBlobs.startsWith(`${standaloneBlobs}${path.sep}`)).toBe(
      false,
    );
  });
});

/** Puts bytes into the shared storage under their key, with no row: what a killed upload leaves. */
async function placeBlob(
  cluster: Cluster,
  storage: 'local' | 's3',
  blob: { key: string; bytes: Buffer },
): Promise<void> {
  const { key } = blob;
  if (storage === 'local') {
    const directory = path.join(
      cluster.replicas[0].dataDir,
      'blobs',
      key.slice(0, 2),
      key.slice(2, 4),
    );
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, key), blob.bytes);
    return;
  }
  const server = await getTestS3Server();
  const client = createTestS3Client(server);
  try {
    const config = JSON.parse(
      fs.readFileSync(
        path.join(cluster.replicas[0].dataDir, 'wheelhouse-e2e-config.json'),
        'utf8',
      ),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: `${config.storage.prefix}blobs/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`,
        Body: blob.bytes,
      }),
    );
  } finally {
    client.destroy();
  }
}
