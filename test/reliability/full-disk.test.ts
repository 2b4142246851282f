/**
 * Issue 11, finding 8 (full disk): the server's data directory is a 2 MiB tmpfs the test mounts (as root:
 * `mount -t tmpfs -o size=2m`). With SQLite the database is on it too; with PostgreSQL only the blobs and staging.
 * Each round, real twine uploads (1) a wheel larger than the disk and (2) a small wheel when the disk has been filled
 * to the last few KiB: twine exits non-zero and prints the 507 and its reason; nothing of the upload is left (no
 * staging file, no blob, no row). Once space is freed the same upload succeeds and is served whole.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RunningRegistry, startRegistry } from '../support/registry';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';
import {
  buildWheel,
  buildWheelOfSize,
} from '@wheelhouse/test-utils/archiveBytes';
import { rawRequest } from './support/http';
import { recordFigures } from './support/report';
import { BACKENDS } from './support/target';

jest.setTimeout(180_000);

const ROUNDS = 5;
const DISK = '2m';

describe.each(BACKENDS)(`full disk (${DISK} tmpfs) on %s`, backend => {
  let mountDir: string;
  let workDir: string;
  let server: RunningRegistry;
  let database: TestDatabase | undefined;
  let admin: string;
  const figures = {
    rounds: 0,
    twineUploads: 0,
    answered507: 0,
    leftovers: 0,
    recovered: 0,
  };
  const project = 'fulldisk';
  const dataDir = () => path.join(mountDir, 'data');
  const filler = () => path.join(mountDir, 'filler');

  beforeAll(async () => {
    workDir = makeTempDir(`full-disk-${backend}`);
    mountDir = path.join(workDir, 'disk');
    fs.mkdirSync(mountDir);
    try {
      execFileSync(
        'mount',
        ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', mountDir],
        {
          stdio: 'pipe',
        },
      );
    } catch (error) {
      throw new Error(
        `this test mounts a ${DISK} tmpfs to fill it, which needs root (or CAP_SYS_ADMIN): ${(error as { stderr?: Buffer }).stderr ?? error}`,
      );
    }
    database = backend === 'postgres' ? await createTestDatabase() : undefined;
    server = await startRegistry({
      dataDir: dataDir(),
      databaseUrl: database?.url,
      config: { repositories: [{ name: 'default', anonymousRead: true }] },
    });
    admin = /shown only this once:\s*\n\s*(whl_\S+)/.exec(
      server.output().stdout,
    )![1];
  });
  afterAll(async () => {
    recordFigures(`full-disk-${backend}`, figures);
    await server?.stop();
    await database?.drop();
    if (mountDir) execFileSync('umount', [mountDir]);
    removeTempDir(workDir);
  });

  const free = () =>
    fs.statfsSync(mountDir).bavail * fs.statfsSync(mountDir).bsize;

  /** Fills the disk but for `leave` bytes. */
  function fill(leave: number) {
    const size = Math.max(0, free() - leave);
    fs.writeFileSync(filler(), Buffer.alloc(size, 1));
  }

  async function twine(dist: { filename: string; content: Buffer }) {
    const file = path.join(workDir, dist.filename);
    fs.writeFileSync(file, dist.content);
    figures.twineUploads += 1;
    return twineUpload({
      repositoryUrl: `${server.url}/default/`,
      username: '__token__',
      password: admin,
      files: [file],
    });
  }

  function expectRefusedForSpace(result: {
    code: number;
    stdout: string;
    stderr: string;
  }) {
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).not.toBe(0);
    expect(output).toMatch(/507/);
    expect(output).toMatch(/out of disk space/);
    figures.answered507 += 1;
  }

  /** Nothing of a refused upload stays: no staging file, no blob, no version. */
  async function expectNothingLeft(dist: { sha256: string }, version: string) {
    const staging = path.join(dataDir(), 'blobs', '.staging');
    const left = fs.existsSync(staging) ? fs.readdirSync(staging) : [];
    const blob = path.join(
      dataDir(),
      'blobs',
      dist.sha256.slice(0, 2),
      dist.sha256.slice(2, 4),
      dist.sha256,
    );
    const page = await rawRequest(
      `${server.url}/default/pypi/${project}/${version}/json`,
    );
    if (left.length || fs.existsSync(blob) || page!.status !== 404)
      figures.leftovers += 1;
    expect(left).toEqual([]);
    expect(fs.existsSync(blob)).toBe(false);
    expect(page!.status).toBe(404);
  }

  it(`${ROUNDS} rounds: 507 with a reason twine prints, nothing half-written, then success once there is space`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Larger than the whole disk.
      const big = buildWheelOfSize(
        { name: project, version: `1.${round}.0` },
        3 * 1024 * 1024,
      );
      expectRefusedForSpace(await twine(big));
      await expectNothingLeft(big, `1.${round}.0`);

      // Small, onto a disk full but for a few KiB.
      const small = buildWheel({
        name: project,
        version: `2.${round}.0`,
        padding: 64 * 1024,
      });
      fill(8 * 1024);
      expectRefusedForSpace(await twine(small));
      fs.rmSync(filler());
      await expectNothingLeft(small, `2.${round}.0`);

      // Space again: the same upload goes through and is served whole.
      const result = await twine(small);
      expect([result.code, result.stdout]).toEqual([0, expect.any(String)]);
      const served = await rawRequest(
        `${server.url}/default/files/${small.sha256}/${small.filename}`,
      );
      expect(served!.status).toBe(200);
      expect(served!.body.equals(small.content)).toBe(true);
      figures.recovered += 1;
      figures.rounds += 1;
    }
  });
});
