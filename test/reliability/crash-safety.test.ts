/**
 * Crash safety, on SQLite and on PostgreSQL: the server is killed with SIGKILL while uploads are streaming in,
 * being committed and being answered, and while versions are being deleted and restored; then it is started again
 * on the same data. After every restart no partial blob is visible, no row lacks its bytes, no version lacks its
 * files, every file whose upload was answered 200 is served with a matching sha256 (and its PEP 658 metadata),
 * every upload cut short is either absent or complete, and each of them can be uploaded (again) at once.
 *
 * Needs the server's process and data directory, so it runs only against a server it starts itself.
 */
import {
  buildSdist,
  buildWheel,
  buildWheelOfSize,
  Distribution,
} from '@wheelhouse/test-utils/archiveBytes';
import { expectStatusIn } from './support/checks';
import { basicAuth, rawRequest } from './support/http';
import { uploadBody } from './support/multipart';
import { recordFigures } from './support/report';
import {
  downloadSha256,
  inspectStorage,
  listServedFiles,
  stagingFiles,
} from './support/storage';
import {
  BACKENDS,
  REMOTE,
  ReliabilityTarget,
  startTarget,
} from './support/target';
import { mustUpload, upload } from './support/uploads';

jest.setTimeout(180_000);

const ROUNDS = Number(process.env.WHEELHOUSE_CRASH_ROUNDS ?? '4');
const BURST = 8;

(REMOTE ? describe.skip : describe).each(BACKENDS)(
  'SIGKILL mid-upload on %s',
  backend => {
    let target: ReliabilityTarget;
    /** filename → the distribution, for every upload answered 200 (before a crash or after). */
    const committed = new Map<string, Distribution>();
    const figures = {
      rounds: 0,
      committedBeforeKill: 0,
      inFlightAtKill: 0,
      inFlightComplete: 0,
      inFlightAbsent: 0,
      leftoverStagingFiles: 0,
      unreferencedBlobs: 0,
    };
    let project = '';
    let churn = '';

    beforeAll(async () => {
      target = await startTarget({ backend, label: 'crash' });
      project = target.name('crash');
      churn = target.name('churn');
      // Files that exist before the first crash, of several sizes and both kinds.
      const initial = [
        buildWheel({ name: project, version: '0.1' }),
        buildSdist({ name: project, version: '0.1' }),
        buildWheelOfSize({ name: project, version: '0.2' }, 900_000),
        ...['1.0', '1.1', '1.2'].map(version =>
          buildWheel({ name: churn, version }),
        ),
      ];
      for (const dist of initial) {
        const response = await mustUpload(target, dist);
        if (response.status !== 200)
          throw new Error(`setup upload answered ${response.status}`);
        if (!dist.filename.startsWith(churn.replace(/-/g, '_')))
          committed.set(dist.filename, dist);
      }
    });

    afterAll(async () => {
      recordFigures(`crash-safety-${backend}`, figures);
      await target?.stop();
    });

    const api = (name: string) =>
      `/api/v1/repositories/${target.repos.public}/packages/${name}`;

    async function waitFor(
      condition: () => boolean,
      timeoutMs: number,
    ): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!condition() && Date.now() < deadline)
        await new Promise(resolve => setTimeout(resolve, 5));
      return condition();
    }

    test.each(Array.from({ length: ROUNDS }, (_, round) => round))(
      'round %i: kill, restart, nothing lost, nothing half-stored',
      async round => {
        const local = target.local!;
        // A large upload trickling in, which the kill always catches mid-stream.
        const slow = buildWheelOfSize(
          { name: project, version: `9.${round}` },
          2_000_000,
        );
        const slowBody = uploadBody(slow, {
          name: project,
          version: `9.${round}`,
        });
        const slowUpload = rawRequest(
          `${target.baseUrl}/${target.repos.public}/`,
          {
            method: 'POST',
            headers: {
              authorization: basicAuth(target.tokens.publish),
              'content-type': slowBody.contentType,
            },
            body: slowBody.body,
            throttle: { chunkSize: 64 * 1024, delayMs: 40 },
          },
        );
        expect(await waitFor(() => stagingFiles(local).length > 0, 5000)).toBe(
          true,
        );

        // A burst of uploads and of deletes / restores, killed at a different point of their lives in every round.
        const burst = Array.from({ length: BURST }, (_, i) =>
          i % 3 === 2
            ? buildSdist({ name: project, version: `2.${round}.${i}` })
            : buildWheelOfSize(
                { name: project, version: `2.${round}.${i}` },
                20_000 + 40_000 * i,
              ),
        );
        const answers = new Map<string, number | undefined>();
        const uploads = burst.map(dist =>
          upload(target, dist, { request: { timeoutMs: 20_000 } }).then(
            response => answers.set(dist.filename, response?.status),
            () => answers.set(dist.filename, undefined),
          ),
        );
        const churnOps = ['1.0', '1.1', '1.2'].map((version, i) =>
          (round + i) % 2
            ? target
                .request(`${api(churn)}/versions/${version}`, {
                  method: 'DELETE',
                  token: target.tokens.admin,
                })
                .catch(() => undefined)
            : target
                .request(
                  `/api/v1/repositories/${target.repos.public}/recycle-bin/${churn}/${version}/restore`,
                  { method: 'POST', token: target.tokens.admin },
                )
                .catch(() => undefined),
        );
        // Round r kills once r answers have come back (plus a few ms), so the kills land before, amid and after commits.
        await waitFor(
          () =>
            [...answers.values()].filter(status => status !== undefined)
              .length >=
            round % (BURST + 1),
          10_000,
        );
        await new Promise(resolve => setTimeout(resolve, (round * 7) % 20));
        await local.kill();
        await Promise.all([...uploads, ...churnOps, slowUpload]);

        const inFlight = burst.filter(
          dist => answers.get(dist.filename) !== 200,
        );
        for (const dist of burst)
          if (answers.get(dist.filename) === 200)
            committed.set(dist.filename, dist);
        figures.rounds += 1;
        figures.committedBeforeKill += burst.length - inFlight.length;
        figures.inFlightAtKill += inFlight.length + 1;

        await local.restart();

        // 1. The store itself: no partial blob, no row without bytes, no version without files.
        const snapshot = await inspectStorage(local);
        expect(snapshot.problems).toEqual([]);
        figures.leftoverStagingFiles = snapshot.stagingFiles.length;
        figures.unreferencedBlobs = snapshot.unreferencedBlobs.length;

        // 2. Every committed file is served, whole, with its metadata.
        const served = new Map(
          (await listServedFiles(target, target.repos.public, project)).map(
            file => [file.filename, file],
          ),
        );
        for (const [filename, dist] of committed) {
          const file = served.get(filename);
          expect([filename, file?.sha256]).toEqual([filename, dist.sha256]);
          expect(await downloadSha256(file!.url)).toMatchObject({
            status: 200,
            sha256: dist.sha256,
          });
          // Metadata-Version 2.1 sdists have no PEP 658 metadata (PEP 643); everything else has it, whole.
          expect(await downloadSha256(`${file!.url}.metadata`)).toMatchObject(
            file!.coreMetadataSha256
              ? { status: 200, sha256: file!.coreMetadataSha256 }
              : { status: 404 },
          );
          // Only an sdist may lack it.
          expect(
            Boolean(file!.coreMetadataSha256) || filename.endsWith('.tar.gz'),
          ).toBe(true);
        }

        // 3. What was cut short is absent or complete, never partial — and can be uploaded now.
        for (const dist of [...inFlight, slow]) {
          const file = served.get(dist.filename);
          const direct = await downloadSha256(
            `${target.baseUrl}/${target.repos.public}/files/${dist.sha256}/${dist.filename}`,
          );
          expect(
            file ? { listed: file.sha256, direct } : { direct: direct.status },
          ).toMatchObject(
            file
              ? {
                  listed: dist.sha256,
                  direct: { status: 200, sha256: dist.sha256 },
                }
              : { direct: 404 },
          );
          if (file) figures.inFlightComplete += 1;
          else figures.inFlightAbsent += 1;
          const again = expectStatusIn(
            await upload(target, dist),
            [200],
            `re-upload of ${dist.filename} after the crash`,
          );
          expect(again.json.sha256).toBe(dist.sha256);
          committed.set(dist.filename, dist);
        }

        // 4. The versions being deleted and restored at the kill are in one state or the other, in every view.
        const artifact = await target.request(api(churn), {
          token: target.tokens.admin,
        });
        // A package whose every version is in the recycle bin is a 404 in the management API.
        expect([200, 404]).toContain(artifact.status);
        const active =
          artifact.status === 404
            ? []
            : (artifact.json.versions as { version: string }[]).map(
                version => version.version,
              );
        // Its count agrees with its list (a 404 has neither).
        expect(artifact.status === 404 ? 0 : artifact.json.versionCount).toBe(
          active.length,
        );
        const bin = await target.request(
          `/api/v1/repositories/${target.repos.public}/recycle-bin`,
          { token: target.tokens.admin },
        );
        const binned = (
          bin.json.items as { project: string; version: string }[]
        )
          .filter(item => item.project === churn)
          .map(item => item.version);
        expect([...active, ...binned].sort()).toEqual(['1.0', '1.1', '1.2']);
        const listed = await listServedFiles(
          target,
          target.repos.public,
          churn,
        );
        expect(listed.map(file => file.filename.split('-')[1]).sort()).toEqual(
          [...active].sort(),
        );

        expect(local.errorLines()).toEqual([]);
      },
    );
  },
);
