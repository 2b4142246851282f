/**
 * Concurrency, on SQLite and on PostgreSQL: many clients uploading the same filename at once (exactly one stored,
 * the others 200 for identical bytes or 409), many versions of one project uploaded at once, and disable / enable /
 * delete / restore / yank racing on one version and on several versions of a project. Every race must end in a
 * state that all views agree on: management API, recycle bin, simple index, file downloads, project figures and
 * the audit trail.
 */
import {
  buildSdist,
  buildWheel,
  Distribution,
} from '@wheelhouse/test-utils/archiveBytes';
import { Baseline, baseline, expectHealthy } from './support/checks';
import { RawResponse } from './support/http';
import { recordFigures } from './support/report';
import { listServedFiles, downloadSha256 } from './support/storage';
import { BACKENDS, ReliabilityTarget, startTarget } from './support/target';
import { mustUpload } from './support/uploads';

jest.setTimeout(180_000);

const CLIENTS = 20;

describe.each(BACKENDS)('concurrency on %s', backend => {
  let target: ReliabilityTarget;
  let before: Baseline;
  const figures = {
    purgeRaces: 0,
    sameFilenameRounds: 0,
    uploads: 0,
    created: 0,
    identical: 0,
    conflicts: 0,
    stateOperations: 0,
    stateOutcomes: {} as Record<string, number>,
  };

  beforeAll(async () => {
    target = await startTarget({ backend, label: 'concurrency' });
    before = baseline(target);
  });
  afterAll(async () => {
    recordFigures(`concurrency-${backend}`, figures);
    await target?.stop();
  });
  afterEach(async () => {
    await expectHealthy(target, before);
  });

  const repo = () => target.repos.public;
  const api = (project: string) =>
    `/api/v1/repositories/${repo()}/packages/${project}`;
  const call = (method: string, pathname: string, body?: unknown) =>
    target.request(pathname, {
      method,
      token: target.tokens.admin,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  describe.each([
    ['identical bytes', (i: number) => 0 * i],
    ['two variants', (i: number) => i % 2],
    ['all different', (i: number) => i],
  ])(
    `${CLIENTS} clients uploading one filename at once`,
    (label, variantOf) => {
      test.each(['wheel', 'sdist'])(
        `${label}, %s: exactly one is stored, the others get 200 (same bytes) or 409`,
        async kind => {
          const project = target.name(
            `same-${kind}-${String(label).replace(/\s+/g, '-')}`,
          );
          const variants = new Map<number, Distribution>();
          const distFor = (variant: number) => {
            if (!variants.has(variant)) {
              const spec = {
                name: project,
                version: '1.0',
                summary: `variant ${variant}`,
              };
              variants.set(
                variant,
                kind === 'wheel'
                  ? buildWheel({ ...spec, moduleBody: `VARIANT = ${variant}` })
                  : buildSdist(spec),
              );
            }
            return variants.get(variant)!;
          };
          const chosen = Array.from({ length: CLIENTS }, (_, i) =>
            distFor(variantOf(i)),
          );
          expect(new Set(chosen.map(dist => dist.filename)).size).toBe(1);
          const responses = await Promise.all(
            chosen.map(dist => mustUpload(target, dist)),
          );
          figures.sameFilenameRounds += 1;
          figures.uploads += responses.length;

          const created = responses.filter(
            response =>
              response.status === 200 && response.json.outcome === 'created',
          );
          expect(created).toHaveLength(1);
          const winner = created[0].json.sha256 as string;
          // Same bytes as the winner: 200 with its hash; other bytes: 409.
          expect(
            responses.map((response, i) =>
              chosen[i].sha256 === winner
                ? [i, response.status, response.json.sha256]
                : [i, response.status],
            ),
          ).toEqual(
            chosen.map((choice, i) =>
              choice.sha256 === winner ? [i, 200, winner] : [i, 409],
            ),
          );
          figures.created += 1;
          figures.identical +=
            responses.filter(response => response.status === 200).length - 1;
          figures.conflicts += responses.filter(
            response => response.status === 409,
          ).length;

          const served = await listServedFiles(target, repo(), project);
          expect(served.map(file => [file.filename, file.sha256])).toEqual([
            [chosen[0].filename, winner],
          ]);
          expect(await downloadSha256(served[0].url)).toMatchObject({
            status: 200,
            sha256: winner,
          });
          const version = await call('GET', `${api(project)}/versions/1.0`);
          expect(version.json.files).toHaveLength(1);
        },
      );
    },
  );

  test(`${CLIENTS} different files of one new version at once: all stored, one project, one version`, async () => {
    const project = target.name('one-version-many-files');
    const dists = Array.from({ length: CLIENTS / 2 }, (_, i) => [
      buildWheel({
        name: project,
        version: '2.0',
        filename: `${project.replace(/-/g, '_')}-2.0-${i + 1}-py3-none-any.whl`,
      }),
      buildWheel({
        name: project,
        version: '2.0',
        filename: `${project.replace(/-/g, '_')}-2.0-py3${i}-none-any.whl`,
      }),
    ]).flat();
    const responses = await Promise.all(
      dists.map(dist =>
        mustUpload(target, dist, { fields: { name: project, version: '2.0' } }),
      ),
    );
    figures.uploads += responses.length;
    expect(responses.map(response => response.status)).toEqual(
      dists.map(() => 200),
    );
    const artifact = await call('GET', api(project));
    expect(artifact.json).toMatchObject({
      versionCount: 1,
      latestVersion: '2.0',
    });
    expect(artifact.json.versions).toHaveLength(1);
    expect(artifact.json.versions[0].fileCount).toBe(dists.length);
  });

  test(`${CLIENTS} versions of one project uploaded at once keep the project figures right`, async () => {
    const project = target.name('many-versions');
    // The project exists first, so that every upload updates the same project row.
    expect(
      (await mustUpload(target, buildWheel({ name: project, version: '0.1' })))
        .status,
    ).toBe(200);
    const dists = Array.from({ length: CLIENTS }, (_, i) =>
      buildWheel({ name: project, version: `1.${i}` }),
    );
    const responses = await Promise.all(
      dists.map(dist => mustUpload(target, dist)),
    );
    figures.uploads += responses.length;
    expect(responses.map(response => response.status)).toEqual(
      dists.map(() => 200),
    );
    await expectConsistentProject(project, CLIENTS + 1, `1.${CLIENTS - 1}`);
  });

  test('deleting and restoring many versions of one project at once keeps the project figures right', async () => {
    const project = target.name('many-deletes');
    const versions = Array.from({ length: 12 }, (_, i) => `3.${i}`);
    for (const version of ['1.0', ...versions]) {
      expect(
        (await mustUpload(target, buildWheel({ name: project, version })))
          .status,
      ).toBe(200);
    }
    const deletes = await Promise.all(
      versions.map(version =>
        call('DELETE', `${api(project)}/versions/${version}`),
      ),
    );
    expect(deletes.map(response => response.status)).toEqual(
      versions.map(() => 200),
    );
    await expectConsistentProject(project, 1, '1.0');
    const restores = await Promise.all(
      versions.map(version =>
        call(
          'POST',
          `/api/v1/repositories/${repo()}/recycle-bin/${project}/${version}/restore`,
        ),
      ),
    );
    expect(restores.map(response => response.status)).toEqual(
      versions.map(() => 200),
    );
    await expectConsistentProject(project, versions.length + 1, '3.11');
  });

  test('purging a version while the same bytes are uploaded elsewhere never loses the upload', async () => {
    // The target of this test, for the callbacks in its loop.
    const server = target;
    const admin = server.tokens.admin;
    let races = 0;
    for (let round = 0; round < 4; round++) {
      const dists = Array.from({ length: 10 }, (_, i) =>
        buildWheel({
          name: server.name(`purge-race-${round}-${i}`),
          version: '1.0',
        }),
      );
      for (const dist of dists) {
        expect((await mustUpload(server, dist, { token: admin })).status).toBe(
          200,
        );
        const project = dist.filename.split('-')[0].replace(/_/g, '-');
        expect(
          (await call('DELETE', `${api(project)}/versions/1.0`)).status,
        ).toBe(200);
      }
      // Content addressing shares the blob between the two repositories: the purge must not take it away.
      const results = await Promise.all(
        dists.flatMap((dist, i) => {
          const project = dist.filename.split('-')[0].replace(/_/g, '-');
          const pause = new Promise(resolve =>
            setTimeout(resolve, (i * 3 + round) % 12),
          );
          return [
            pause.then(() =>
              call(
                'DELETE',
                `/api/v1/repositories/${repo()}/recycle-bin/${project}/1.0`,
              ),
            ),
            mustUpload(server, dist, {
              repository: server.repos.other,
              token: admin,
            }),
          ];
        }),
      );
      expect(results.map(response => response.status)).toEqual(
        results.map(() => 200),
      );
      for (const dist of dists) {
        const got = await downloadSha256(
          `${server.baseUrl}/${server.repos.other}/files/${dist.sha256}/${dist.filename}`,
          admin,
        );
        expect([dist.filename, got.status, got.sha256]).toEqual([
          dist.filename,
          200,
          dist.sha256,
        ]);
        races += 1;
      }
    }
    figures.purgeRaces = races;
  });

  /** The denormalised figures of the project agree with its versions and files, in every view. */
  async function expectConsistentProject(
    project: string,
    versionCount: number,
    latest: string,
  ) {
    const artifact = await call('GET', api(project));
    expect(artifact.status).toBe(200);
    const active = artifact.json.versions as {
      version: string;
      size: number;
    }[];
    expect(active).toHaveLength(versionCount);
    expect(artifact.json).toMatchObject({
      versionCount,
      latestVersion: latest,
    });
    expect(artifact.json.totalSize).toBe(
      active.reduce((total, version) => total + version.size, 0),
    );
    const listed = await call(
      'GET',
      `/api/v1/repositories/${repo()}/packages?search=${project}`,
    );
    expect(
      listed.json.items.find((item: { name: string }) => item.name === project),
    ).toMatchObject({ versionCount, latestVersion: latest });
    const simple = await target.request(`/${repo()}/simple/${project}/`, {
      headers: { accept: 'application/vnd.pypi.simple.v1+json' },
    });
    expect(simple.json.versions).toHaveLength(versionCount);
  }

  describe('disable, enable, delete, restore and yank racing on one version', () => {
    const OPERATIONS = [
      'disable',
      'enable',
      'delete',
      'restore',
      'yank',
      'unyank',
      'metadata',
      'tag',
    ] as const;
    type Operation = (typeof OPERATIONS)[number];
    const STATE_CHANGES: Operation[] = [
      'disable',
      'enable',
      'delete',
      'restore',
      'yank',
      'unyank',
    ];

    function run(
      project: string,
      operation: Operation,
      i: number,
    ): Promise<RawResponse> {
      const version = `${api(project)}/versions/1.0`;
      switch (operation) {
        case 'disable':
          return call('POST', `${version}/disable`, { reason: `race ${i}` });
        case 'enable':
          return call('POST', `${version}/enable`);
        case 'delete':
          return call('DELETE', version, { reason: `race ${i}` });
        case 'restore':
          return call(
            'POST',
            `/api/v1/repositories/${repo()}/recycle-bin/${project}/1.0/restore`,
          );
        case 'yank':
          return call('POST', `${version}/yank`, { reason: `race ${i}` });
        case 'unyank':
          return call('POST', `${version}/unyank`);
        case 'metadata':
          return call('PUT', `${version}/metadata/race`, { value: String(i) });
        case 'tag':
          return call('PUT', `${api(project)}/tags/racing`, { version: '1.0' });
        default:
          throw new Error(`Unknown operation ${operation}`);
      }
    }

    test('every operation gets 200, 404 or 409, and all views agree on the final state after each wave', async () => {
      const project = target.name('race');
      const wheel = buildWheel({ name: project, version: '1.0' });
      expect((await mustUpload(target, wheel)).status).toBe(200);
      expect(
        (
          await mustUpload(
            target,
            buildWheel({ name: project, version: '0.9' }),
          )
        ).status,
      ).toBe(200);
      let succeeded = 0;
      // A fixed pseudo-random schedule (mulberry32, reproducible), 5 waves of 24 concurrent operations.
      let seed = 7;
      const next = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return (t ^ (t >>> 14)) >>> 0;
      };
      for (let wave = 0; wave < 5; wave++) {
        const operations = Array.from(
          { length: 24 },
          () => OPERATIONS[next() % OPERATIONS.length],
        );
        const responses = await Promise.all(
          operations.map((operation, i) =>
            run(project, operation, wave * 100 + i),
          ),
        );
        for (const [i, response] of responses.entries()) {
          const key = `${operations[i]} ${response.status}`;
          figures.stateOutcomes[key] = (figures.stateOutcomes[key] ?? 0) + 1;
          expect([
            operations[i],
            response.status,
            [200, 404, 409].includes(response.status),
          ]).toEqual([operations[i], response.status, true]);
          if (response.status === 200 && STATE_CHANGES.includes(operations[i]))
            succeeded += 1;
        }
        figures.stateOperations += operations.length;
        await expectConsistentVersion(project, wheel, succeeded);
      }
    });

    async function expectConsistentVersion(
      project: string,
      wheel: Distribution,
      stateChanges: number,
    ) {
      const version = await call('GET', `${api(project)}/versions/1.0`);
      const bin = await call(
        'GET',
        `/api/v1/repositories/${repo()}/recycle-bin`,
      );
      const inBin = (
        bin.json.items as { project: string; version: string }[]
      ).some(item => item.project === project && item.version === '1.0');
      const served = await listServedFiles(target, repo(), project);
      const listed = served.some(file => file.filename === wheel.filename);
      const download = await downloadSha256(
        `${target.baseUrl}/${repo()}/files/${wheel.sha256}/${wheel.filename}`,
      );
      const artifact = await call('GET', api(project));
      const audit = await call(
        'GET',
        `/api/v1/repositories/${repo()}/audit?package=${project}&limit=500`,
      );
      const changes = (audit.json as { action: string }[]).filter(event =>
        STATE_CHANGES.includes(event.action as Operation),
      );

      const deleted = version.status === 404;
      expect({ deleted, inBin }).toEqual({ deleted, inBin: deleted });
      expect(changes).toHaveLength(stateChanges);
      if (deleted) {
        expect({ listed, download: download.status }).toEqual({
          listed: false,
          download: 404,
        });
        expect(artifact.json).toMatchObject({
          versionCount: 1,
          latestVersion: '0.9',
        });
        return;
      }
      expect(version.status).toBe(200);
      const disabled = version.json.status === 'disabled';
      expect(version.json.status).toBe(disabled ? 'disabled' : 'active');
      // A disabled version stays listed, as yanked with its reason (PEP 592), and its files answer 403.
      expect({ listed, download: download.status }).toEqual({
        listed: true,
        download: disabled ? 403 : 200,
      });
      const page = await target.request(`/${repo()}/simple/${project}/`, {
        headers: { accept: 'application/vnd.pypi.simple.v1+json' },
      });
      const file = page.json.files.find(
        (entry: { filename: string }) => entry.filename === wheel.filename,
      );
      expect(Boolean(file.yanked)).toBe(disabled || version.json.yanked);
      if (disabled) expect(file.yanked).toMatch(/^disabled/);
      // "Latest" is what pip installs: a disabled or yanked 1.0 leaves 0.9.
      expect(artifact.json).toMatchObject({
        versionCount: 2,
        latestVersion: disabled || version.json.yanked ? '0.9' : '1.0',
      });
    }
  });
});
