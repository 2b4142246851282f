/**
 * A bounded soak on loopback: for WHEELHOUSE_SOAK_SECONDS (default 60) real pip installs, real twine uploads, HTTP
 * uploads (new files, identical re-uploads, conflicting ones), deletes and purges of old versions (so the data stays
 * the same size however long the run), index / JSON / file reads and management changes run
 * side by side against one server, while its resident memory (VmRSS from /proc) is sampled every second.
 * Every exchange must give its expected answer, and memory must stay flat: after a warm-up, the average of the last
 * third of the samples may exceed the average of the first third by at most 10 % + 32 MiB (and open file
 * descriptors by at most 16).
 *
 * A long manual run: WHEELHOUSE_SOAK_SECONDS=1800 npx jest test/reliability/soak.test.ts (see the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSdist,
  buildWheel,
  Distribution,
  sha256,
} from '@wheelhouse/test-utils/archiveBytes';
import { basicAuth, rawRequest, RawResponse } from './support/http';
import { recordFigures } from './support/report';
import { inspectStorage, waitForEmptyStaging } from './support/storage';
import {
  openFds,
  REMOTE,
  ReliabilityTarget,
  rssKiB,
  startTarget,
} from './support/target';
import { upload } from './support/uploads';
import { createVenv, pipInstall } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';

const SECONDS = Math.max(
  10,
  Number(process.env.WHEELHOUSE_SOAK_SECONDS ?? '60'),
);
/** After this long the server has loaded what it loads; samples before it are not compared. */
const WARMUP_SECONDS = Math.min(15, SECONDS * 0.2);
const MAX_ERRORS = 20;

jest.setTimeout((SECONDS + 180) * 1000);

(REMOTE ? describe.skip : describe)(`soak for ${SECONDS} s`, () => {
  let target: ReliabilityTarget;
  let work: string;
  let venvPython: string;
  const errors: string[] = [];
  const counts: Record<string, number> = {};
  const samples: { at: number; rssKiB: number; fds: number }[] = [];
  /** Versions pip may install: uploaded and never disabled. */
  const installable: { project: string; version: string }[] = [];
  let sequence = 0;

  const count = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);
  const fail = (what: string) => {
    if (errors.length < MAX_ERRORS) errors.push(what);
  };
  const expectAnswer = (
    response: RawResponse | undefined,
    allowed: number[],
    what: string,
  ) => {
    count(what.split(' ')[0]);
    if (!response || !allowed.includes(response.status))
      fail(
        `${what}: ${response ? `${response.status} ${response.statusText}` : 'no response'}`,
      );
    return response;
  };
  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

  beforeAll(async () => {
    work = makeTempDir('soak');
    const venv = createVenv(path.join(work, 'venv'));
    target = await startTarget({ label: 'soak' });
    for (const name of ['alpha', 'beta', 'gamma']) {
      const project = target.name(`soak-${name}`);
      for (const version of ['1.0', '1.1']) {
        const wheel = buildWheel({
          name: project,
          version,
          moduleBody: `NAME = ${JSON.stringify(name)}`,
        });
        const response = await upload(target, wheel);
        if (response?.status !== 200)
          throw new Error(`seeding ${wheel.filename}: ${response?.status}`);
        installable.push({ project, version });
      }
    }
    venvPython = await venv;
  });

  afterAll(async () => {
    await target?.stop();
    removeTempDir(work);
  });

  test('mixed installs, uploads, reads and changes: no error, flat memory', async () => {
    const local = target.local!;
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const running = () => Date.now() < deadline && errors.length < MAX_ERRORS;
    const repo = target.repos.public;
    const publish = target.tokens.publish;

    const sampler = (async () => {
      while (running()) {
        samples.push({
          at: (Date.now() - started) / 1000,
          rssKiB: rssKiB(local.pid()),
          fds: openFds(local.pid()),
        });
        await sleep(1000);
      }
    })();

    const pipWorker = async () => {
      while (running()) {
        const pick = installable[sequence++ % installable.length];
        const dir = path.join(work, `pip-${sequence}`);
        const result = await pipInstall(
          venvPython,
          ['--target', dir, '--no-deps', `${pick.project}==${pick.version}`],
          {
            indexUrl: `${target.baseUrl}/${repo}/simple/`,
            timeoutMs: 120_000,
          },
        );
        count('pip-install');
        const module = path.join(
          dir,
          pick.project.replace(/-/g, '_'),
          '__init__.py',
        );
        if (
          result.code !== 0 ||
          !fs
            .readFileSync(module, 'utf8')
            .includes(`__version__ = "${pick.version}"`)
        ) {
          fail(
            `pip install ${pick.project}==${pick.version}: exit ${result.code}\n${result.stderr.slice(-800)}`,
          );
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };

    /** Deletes a version and purges it from the recycle bin: the data stays the same size however long the run. */
    const retire = async (project: string, version: string) => {
      const headers = { authorization: basicAuth(target.tokens.admin) };
      const api = `${target.baseUrl}/api/v1/repositories/${repo}`;
      expectAnswer(
        await rawRequest(`${api}/packages/${project}/versions/${version}`, {
          method: 'DELETE',
          headers,
        }),
        [200],
        'delete',
      );
      expectAnswer(
        await rawRequest(`${api}/recycle-bin/${project}/${version}`, {
          method: 'DELETE',
          headers,
        }),
        [200],
        'purge',
      );
    };

    const twineWorker = async () => {
      const project = target.name('soak-twine');
      // Versions stop being offered to pip a few uploads before they are purged, so no install is cut short.
      const offered: string[] = [];
      const withdrawn: string[] = [];
      for (let i = 0; running(); i++) {
        if (offered.length > 8) {
          const version = offered.shift()!;
          installable.splice(
            installable.findIndex(
              entry => entry.project === project && entry.version === version,
            ),
            1,
          );
          withdrawn.push(version);
        }
        if (withdrawn.length > 4) await retire(project, withdrawn.shift()!);
        const version = `2.${i}`;
        const dists = [
          buildWheel({ name: project, version }),
          buildSdist({ name: project, version }),
        ];
        const files: string[] = [];
        for (const dist of dists) {
          const file = path.join(work, dist.filename);
          fs.writeFileSync(file, dist.content);
          files.push(file);
        }
        const result = await twineUpload({
          repositoryUrl: `${target.baseUrl}/${repo}/`,
          username: '__token__',
          password: publish,
          files,
        });
        count('twine-upload');
        if (result.code !== 0)
          fail(
            `twine upload ${project} ${version}: exit ${result.code}\n${result.stdout.slice(-600)}`,
          );
        else {
          installable.push({ project, version });
          offered.push(version);
        }
        for (const file of files) fs.rmSync(file, { force: true });
      }
    };

    const httpUploader = async (worker: number) => {
      const project = target.name(`soak-http-${worker}`);
      let previous: Distribution | undefined;
      for (let i = 0; running(); i++) {
        const dist = buildWheel({
          name: project,
          version: `3.${i}`,
          moduleBody: `N = ${i}`,
        });
        expectAnswer(
          await upload(target, dist),
          [200],
          `upload ${dist.filename}`,
        );
        if (previous && i % 5 === 0) {
          expectAnswer(
            await upload(target, previous),
            [200],
            `re-upload ${previous.filename}`,
          );
          const other = buildWheel({
            name: project,
            version: previous.filename.split('-')[1],
            moduleBody: 'N = -1',
          });
          expectAnswer(
            await upload(target, other),
            [409],
            `conflicting ${other.filename}`,
          );
        }
        previous = dist;
        if (i >= 20) await retire(project, `3.${i - 20}`);
        await sleep(40);
      }
    };

    const reader = async () => {
      while (running()) {
        const pick = installable[sequence++ % installable.length];
        const page = expectAnswer(
          await rawRequest(
            `${target.baseUrl}/${repo}/simple/${pick.project}/`,
            { headers: { accept: 'application/vnd.pypi.simple.v1+json' } },
          ),
          [200],
          `index ${pick.project}`,
        );
        const file = page?.json?.files?.find((entry: { filename: string }) =>
          entry.filename.includes(`-${pick.version}-`),
        );
        if (file) {
          const url = new URL(
            file.url,
            `${target.baseUrl}/${repo}/simple/${pick.project}/`,
          ).toString();
          const got = expectAnswer(
            await rawRequest(url),
            [200],
            `download ${file.filename}`,
          );
          if (got && sha256(got.body) !== file.hashes.sha256) {
            fail(`download ${file.filename}: sha256 mismatch`);
          }
        }
        expectAnswer(
          await rawRequest(`${target.baseUrl}/${repo}/simple/`),
          [200],
          'index-list',
        );
        expectAnswer(
          await rawRequest(
            `${target.baseUrl}/${repo}/pypi/${pick.project}/json`,
          ),
          [200],
          `pypi-json ${pick.project}`,
        );
        expectAnswer(
          await rawRequest(
            `${target.baseUrl}/api/v1/repositories/${repo}/packages?sort=updated&limit=50`,
            {
              headers: { authorization: basicAuth(target.tokens.read) },
            },
          ),
          [200],
          'packages-list',
        );
        await sleep(10);
      }
    };

    const manager = async () => {
      const project = target.name('soak-managed');
      const managed = buildWheel({ name: project, version: '1.0' });
      expectAnswer(
        await upload(target, managed),
        [200],
        `upload ${managed.filename}`,
      );
      const api = `${target.baseUrl}/api/v1/repositories/${repo}/packages/${project}/versions/1.0`;
      const call = (method: string, url: string, body?: unknown) =>
        rawRequest(url, {
          method,
          headers: {
            authorization: basicAuth(target.tokens.manage),
            'content-type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      for (let i = 0; running(); i++) {
        expectAnswer(
          await call('POST', `${api}/disable`, { reason: `soak ${i}` }),
          [200],
          'disable',
        );
        expectAnswer(
          await rawRequest(
            `${target.baseUrl}/${repo}/files/${managed.sha256}/${managed.filename}`,
          ),
          [403],
          'download-disabled',
        );
        expectAnswer(await call('POST', `${api}/enable`), [200], 'enable');
        expectAnswer(
          await call('PUT', `${api}/metadata/build`, { value: String(i) }),
          [200],
          'metadata',
        );
        expectAnswer(
          await call('POST', `${api}/yank`, { reason: `soak ${i}` }),
          [200],
          'yank',
        );
        expectAnswer(await call('POST', `${api}/unyank`), [200], 'unyank');
        await sleep(100);
      }
    };

    await Promise.all([
      sampler,
      pipWorker(),
      twineWorker(),
      httpUploader(1),
      httpUploader(2),
      reader(),
      reader(),
      manager(),
    ]);
    const elapsed = (Date.now() - started) / 1000;

    // Memory: compare the first and last thirds of the samples after the warm-up.
    const steady = samples.filter(sample => sample.at >= WARMUP_SECONDS);
    const third = Math.max(1, Math.floor(steady.length / 3));
    const average = (list: typeof samples, of: 'rssKiB' | 'fds' = 'rssKiB') =>
      list.reduce((total, sample) => total + sample[of], 0) / list.length;
    const firstMiB = average(steady.slice(0, third)) / 1024;
    const lastMiB = average(steady.slice(-third)) / 1024;
    const firstFds = average(steady.slice(0, third), 'fds');
    const lastFds = average(steady.slice(-third), 'fds');
    const maxMiB = Math.max(...samples.map(sample => sample.rssKiB)) / 1024;
    const requests = Object.values(counts).reduce((total, n) => total + n, 0);
    const summary = {
      seconds: Math.round(elapsed),
      requests,
      counts,
      errors: errors.length,
      rssMiB: {
        start: Math.round(samples[0].rssKiB / 1024),
        firstThirdAverage: Math.round(firstMiB),
        lastThirdAverage: Math.round(lastMiB),
        max: Math.round(maxMiB),
        samples: samples.length,
      },
      openFiles: {
        firstThirdAverage: Math.round(firstFds),
        lastThirdAverage: Math.round(lastFds),
      },
    };
    recordFigures('soak', summary);
    // One line for the long manual runs.
    // eslint-disable-next-line no-console
    console.log(`soak: ${JSON.stringify(summary)}`);

    expect(errors).toEqual([]);
    expect(local.errorLines()).toEqual([]);
    expect(counts['pip-install']).toBeGreaterThan(0);
    expect(counts['twine-upload']).toBeGreaterThan(0);
    expect(steady.length).toBeGreaterThanOrEqual(3);
    expect(lastMiB).toBeLessThanOrEqual(firstMiB * 1.1 + 32);
    expect(lastFds).toBeLessThanOrEqual(firstFds + 16);

    expect(await waitForEmptyStaging(local)).toEqual([]);
    expect((await inspectStorage(local)).problems).toEqual([]);
  });
});
