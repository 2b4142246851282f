/**
 * Two Backstage backend replicas sharing one PostgreSQL database and one blob directory behave as one registry:
 * what is uploaded through one installs through the other, concurrent uploads of one filename through both
 * store exactly one file without corruption, and a purge on one racing an upload of the same bytes on the other
 * never loses the upload (issue 11, finding 2).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  RunningBackstage,
  startBackstage,
  startSignedInBackstage,
} from '../support/backstage';
import { describeFailure } from '../support/exec';
import { buildProject } from '../support/fixture';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';
import { VenvPool } from '../support/venvPool';
import { buildWheel } from '@wheelhouse/test-utils/archiveBytes';
import { recordFigures } from '../reliability/support/report';

jest.setTimeout(300_000);

describe('two Backstage replicas on one PostgreSQL and one storage', () => {
  let work: string;
  let database: TestDatabase;
  let a: RunningBackstage;
  let b: RunningBackstage;
  /** The guest's Backstage token on A. */
  let user: string;
  let token: string;
  let built: BuiltDists;
  let venvs: VenvPool;

  beforeAll(async () => {
    work = makeTempDir('replicas');
    venvs = new VenvPool(work);
    database = await createTestDatabase();
    const blobDir = path.join(work, 'shared-blobs');
    // The first replica runs the migrations; the second then starts against the same schema.
    ({
      backstage: a,
      user,
      token,
    } = await startSignedInBackstage({
      dataDir: path.join(work, 'a'),
      databaseUrl: database.url,
      blobDir,
      scopes: ['publish'],
    }));
    b = await startBackstage({
      dataDir: path.join(work, 'b'),
      databaseUrl: database.url,
      blobDir,
    });
    built = await buildProject({
      dir: work,
      outDir: path.join(work, 'out'),
      project: { name: 'replica-demo', version: '3.0.0' },
    });
  });
  afterAll(async () => {
    await venvs?.drain();
    await a?.stop();
    await b?.stop();
    await database?.drop();
    removeTempDir(work);
  });

  test('a token minted on one replica uploads through it, and pip installs through the other', async () => {
    const upload = await twineUpload({
      repositoryUrl: `${a.pypi}/default/`,
      username: '__token__',
      password: token,
      files: [built.wheel],
    });
    if (upload.code !== 0)
      throw new Error(
        describeFailure('twine upload via replica A', [], upload),
      );
    const python = await venvs.take();
    const install = await pipInstall(python, ['replica-demo'], {
      indexUrl: `${b.pypi}/default/simple/`,
    });
    if (install.code !== 0)
      throw new Error(
        describeFailure('pip install via replica B', [], install),
      );
    expect(
      await runPython(
        python,
        'import replica_demo; print(replica_demo.__version__)',
      ),
    ).toBe('3.0.0');
  });

  test('a version disabled on A is refused and listed as yanked by B within 100 ms (LISTEN/NOTIFY), and enabled again', async () => {
    const pageOf = async () =>
      (await (
        await fetch(`${b.pypi}/default/simple/replica-demo/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        })
      ).json()) as {
        files: { filename: string; url: string; yanked?: unknown }[];
      };
    const wheel = (await pageOf()).files.find(file =>
      file.filename.endsWith('.whl'),
    )!;
    const fileUrl = new URL(wheel.url, `${b.pypi}/default/simple/replica-demo/`)
      .href;
    for (const [action, status, yanked] of [
      ['disable', 403, true],
      ['enable', 200, false],
    ] as const) {
      // B has the page and the file's entry in its caches before the change.
      expect((await fetch(fileUrl)).status).toBe(yanked ? 200 : 403);
      await pageOf();
      const changed = await fetch(
        `${a.pypi}/api/v1/repositories/default/packages/replica-demo/versions/3.0.0/${action}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${user}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(
            action === 'disable' ? { reason: 'replicas' } : {},
          ),
        },
      );
      expect(changed.status).toBe(200);
      await new Promise(resolve => setTimeout(resolve, 100));
      const [file, page] = await Promise.all([fetch(fileUrl), pageOf()]);
      expect(file.status).toBe(status);
      expect(
        Boolean(
          page.files.find(entry => entry.filename === wheel.filename)?.yanked,
        ),
      ).toBe(yanked);
    }
  });

  test('concurrent uploads of one filename through both replicas store exactly one file', async () => {
    const filename = 'race_pkg-1.0.0-py3-none-any.whl';
    // Ten different wheels under one filename: each differs in its payload, all are valid.
    const variants = Array.from({ length: 10 }, (_, index) =>
      wheelBytes(index),
    );
    const responses = await Promise.all(
      variants.map((bytes, index) => {
        const form = new FormData();
        form.append(':action', 'file_upload');
        form.append('name', 'race-pkg');
        form.append('version', '1.0.0');
        form.append(
          'sha256_digest',
          crypto.createHash('sha256').update(bytes).digest('hex'),
        );
        form.append('content', new Blob([bytes]), filename);
        const replica = index % 2 ? a : b;
        return fetch(`${replica.pypi}/default/`, {
          method: 'POST',
          body: form,
          headers: {
            authorization: `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`,
          },
        });
      }),
    );
    const statuses = responses.map(response => response.status);
    expect(statuses.filter(status => status === 200)).toHaveLength(1);
    expect(statuses.filter(status => status === 409)).toHaveLength(9);
    const winner = variants[statuses.indexOf(200)];
    const winnerSha = crypto.createHash('sha256').update(winner).digest('hex');
    for (const replica of [a, b]) {
      const page = (await (
        await fetch(`${replica.pypi}/default/simple/race-pkg/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        })
      ).json()) as {
        files: { filename: string; hashes: { sha256: string }; url: string }[];
      };
      expect(page.files.map(file => file.hashes.sha256)).toEqual([winnerSha]);
      const download = await fetch(
        new URL(page.files[0].url, `${replica.pypi}/default/simple/race-pkg/`),
      );
      const served = Buffer.from(await download.arrayBuffer());
      expect(crypto.createHash('sha256').update(served).digest('hex')).toBe(
        winnerSha,
      );
    }
  });

  test('a purge on A racing an upload of the same bytes on B, 50 rounds: every upload answered 200 keeps its bytes', async () => {
    const rounds = Number(process.env.WHEELHOUSE_REPLICA_ROUNDS ?? '50');
    const bearer = { authorization: `Bearer ${user}` };
    const basic = {
      authorization: `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`,
    };
    const upload = (
      replica: RunningBackstage,
      repository: string,
      dist: ReturnType<typeof buildWheel>,
    ) => {
      const form = new FormData();
      form.append(':action', 'file_upload');
      form.append('name', 'purge-race');
      form.append('version', dist.filename.split('-')[1]);
      form.append('sha256_digest', dist.sha256);
      form.append('content', new Blob([dist.content]), dist.filename);
      return fetch(`${replica.pypi}/${repository}/`, {
        method: 'POST',
        body: form,
        headers: basic,
      });
    };
    let lost = 0;
    for (let round = 0; round < rounds; round += 1) {
      const version = `1.0.${round}`;
      const dist = buildWheel({ name: 'purge-race', version });
      expect((await upload(a, 'default', dist)).status).toBe(200);
      const api = `${a.pypi}/api/v1/repositories/default`;
      expect(
        (
          await fetch(`${api}/packages/purge-race/versions/${version}`, {
            method: 'DELETE',
            headers: bearer,
          })
        ).status,
      ).toBe(200);
      const [purge, promoted] = await Promise.all([
        fetch(`${api}/recycle-bin/purge-race/${version}`, {
          method: 'DELETE',
          headers: bearer,
        }),
        upload(b, 'private', dist),
      ]);
      expect([purge.status, promoted.status]).toEqual([200, 200]);
      for (const replica of [a, b]) {
        const file = await fetch(
          `${replica.pypi}/private/files/${dist.sha256}/${dist.filename}`,
          { headers: basic },
        );
        const bytes = Buffer.from(await file.arrayBuffer());
        if (file.status !== 200 || !bytes.equals(dist.content)) lost += 1;
      }
    }
    recordFigures('backstage-replicas', { purgeUploadRounds: rounds, lost });
    expect(lost).toBe(0);
  });

  /** A minimal valid wheel for race-pkg 1.0.0 whose module carries `index`, built with Python's zipfile. */
  function wheelBytes(index: number): Buffer {
    const file = path.join(work, `race-${index}.whl`);
    const script = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1], "w")',
      'z.writestr("race_pkg/__init__.py", "VARIANT = %s\\n" % sys.argv[2])',
      'z.writestr("race_pkg-1.0.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: race-pkg\\nVersion: 1.0.0\\n")',
      'z.writestr("race_pkg-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")',
      'z.writestr("race_pkg-1.0.0.dist-info/RECORD", "")',
      'z.close()',
    ].join('\n');
    require('node:child_process').execFileSync('python3', [
      '-c',
      script,
      file,
      String(index),
    ]);
    return fs.readFileSync(file);
  }
});
