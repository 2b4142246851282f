/**
 * Issue 11, finding 1: version state changes race with real concurrent HTTP requests, on SQLite (one server) and
 * on PostgreSQL (two replicas of one database, each request of a pair through another one). Every round:
 * - restore and purge of the same recycle-bin version sent together: exactly one answers 200, the other 409 with
 *   the version's current state; the audit trail records only the winner; a restored version is served with its
 *   bytes, a purged one is gone (rows and, once nothing uses them, blobs);
 * - restore and the retention purge (`POST …/recycle-bin/purge`) together: the same, a restored version is never
 *   purged;
 * - two deletes of one version together: one 200, one 409.
 */
import { buildWheel } from '@wheelhouse/test-utils/archiveBytes';
import {
  Cluster,
  REPOSITORIES,
  runSuffix,
  startCluster,
} from './support/cluster';
import { recordFigures } from './support/report';
import { BACKENDS } from './support/target';

jest.setTimeout(240_000);

const ROUNDS = Number(process.env.WHEELHOUSE_RACE_ROUNDS ?? '50');

describe.each(BACKENDS)('version state races on %s', backend => {
  let cluster: Cluster;
  const figures = {
    rounds: 0,
    restoreWon: 0,
    purgeWon: 0,
    retentionWon: 0,
    bothWon: 0,
    loser409: 0,
    loser404: 0,
    lost: 0,
  };
  const repo = REPOSITORIES[0];
  const project = `race-${runSuffix()}`;

  beforeAll(async () => {
    cluster = await startCluster({
      replicas: backend === 'postgres' ? 2 : 1,
      backend,
      storage: 'local',
      label: 'state-races',
    });
  });
  afterAll(async () => {
    recordFigures(`state-races-${backend}`, figures);
    await cluster?.stop();
  });

  const a = () => cluster.replicas[0];
  const b = () => cluster.replicas[cluster.replicas.length - 1];
  const api = `/api/v1/repositories/${repo}`;
  const json = { 'content-type': 'application/json' };

  /** Uploads version 1.0.<round> and deletes it to the recycle bin; answers its wheel. */
  async function binned(round: number) {
    const dist = buildWheel({ name: project, version: `1.0.${round}` });
    const uploaded = await a().upload(dist);
    expect([uploaded.status, uploaded.statusText]).toEqual([200, 'OK']);
    const deleted = await a().request(
      `${api}/packages/${project}/versions/1.0.${round}`,
      { method: 'DELETE', token: cluster.admin },
    );
    expect(deleted.status).toBe(200);
    return dist;
  }

  async function auditActions(version: string): Promise<string[]> {
    const db = cluster.database();
    try {
      return await db('wh_audit_events')
        .where({ project, version })
        .whereIn('action', ['restore', 'purge'])
        .pluck('action');
    } finally {
      await db.destroy();
    }
  }

  /** After a round: the winner's outcome holds everywhere, and nothing of a restored version is lost. */
  async function expectOutcome(
    round: number,
    dist: ReturnType<typeof buildWheel>,
    restored: boolean,
  ) {
    const version = `1.0.${round}`;
    const details = await a().request(
      `${api}/packages/${project}/versions/${version}`,
      { token: cluster.admin },
    );
    const file = await b().request(
      `/${repo}/files/${dist.sha256}/${dist.filename}`,
    );
    if (restored) {
      expect(details.status).toBe(200);
      expect(file.status).toBe(200);
      if (file.body.length !== dist.content.length) figures.lost += 1;
      expect(file.body.equals(dist.content)).toBe(true);
    } else {
      expect(details.status).toBe(404);
      expect(file.status).toBe(404);
      expect(await cluster.listBlobs()).not.toContain(dist.sha256);
    }
    expect(await auditActions(version)).toEqual([
      restored ? 'restore' : 'purge',
    ]);
  }

  it(`restore vs purge of one recycle-bin version, ${ROUNDS} rounds: exactly one wins`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const dist = await binned(round);
      const version = `1.0.${round}`;
      const [restore, purge] = await Promise.all([
        a().request(`${api}/recycle-bin/${project}/${version}/restore`, {
          method: 'POST',
          token: cluster.admin,
        }),
        b().request(`${api}/recycle-bin/${project}/${version}`, {
          method: 'DELETE',
          token: cluster.admin,
        }),
      ]);
      const statuses = [restore.status, purge.status].sort();
      if (statuses[0] === 200 && statuses[1] === 200) figures.bothWon += 1;
      // The loser hears what happened: 409 with the current state (or 404 when it came after the winner's commit and
      // resolved the version afresh: restored is no longer in the bin, purged is gone).
      expect(statuses[0]).toBe(200);
      expect([404, 409]).toContain(statuses[1]);
      const loser = restore.status === 200 ? purge : restore;
      if (loser.status === 409) figures.loser409 += 1;
      else figures.loser404 += 1;
      const current =
        loser.status === 409 ? loser.json.error.current : undefined;
      expect(current).toEqual(
        loser.status === 409
          ? {
              version,
              status: restore.status === 200 ? 'active' : 'purged',
              yanked: false,
            }
          : undefined,
      );
      if (restore.status === 200) figures.restoreWon += 1;
      else figures.purgeWon += 1;
      await expectOutcome(round, dist, restore.status === 200);
      figures.rounds += 1;
    }
    expect(figures.bothWon).toBe(0);
    expect(figures.lost).toBe(0);
  });

  it(`restore vs the retention purge, ${ROUNDS} rounds: a restored version is never purged`, async () => {
    for (let round = ROUNDS; round < 2 * ROUNDS; round += 1) {
      const dist = await binned(round);
      const version = `1.0.${round}`;
      const [restore, retention] = await Promise.all([
        a().request(`${api}/recycle-bin/${project}/${version}/restore`, {
          method: 'POST',
          token: cluster.admin,
        }),
        b().request(`${api}/recycle-bin/purge`, {
          method: 'POST',
          token: cluster.admin,
          headers: json,
          body: JSON.stringify({ olderThanDays: 0 }),
        }),
      ]);
      // The retention purge answers 200 either way, naming what it purged.
      expect(retention.status).toBe(200);
      const purged = (
        retention.json.purged as { project: string; version: string }[]
      ).some(entry => entry.project === project && entry.version === version);
      expect(restore.status === 200).toBe(!purged);
      if (purged) figures.retentionWon += 1;
      else figures.restoreWon += 1;
      await expectOutcome(round, dist, !purged);
      figures.rounds += 1;
    }
    expect(figures.lost).toBe(0);
  });

  it(`two deletes of one version, ${ROUNDS} rounds: one 200, one 409`, async () => {
    for (let round = 2 * ROUNDS; round < 3 * ROUNDS; round += 1) {
      const version = `1.0.${round}`;
      const uploaded = await a().upload(buildWheel({ name: project, version }));
      expect(uploaded.status).toBe(200);
      const path = `${api}/packages/${project}/versions/${version}`;
      const answers = await Promise.all([
        a().request(path, { method: 'DELETE', token: cluster.admin }),
        b().request(path, { method: 'DELETE', token: cluster.admin }),
      ]);
      const statuses = answers.map(answer => answer.status).sort();
      expect(statuses[0]).toBe(200);
      // 409 "in the recycle bin" when it lost the UPDATE, 404 when it resolved the version after the winner's commit.
      expect([404, 409]).toContain(statuses[1]);
      if (statuses[1] === 409) figures.loser409 += 1;
      else figures.loser404 += 1;
      figures.rounds += 1;
    }
  });
});
