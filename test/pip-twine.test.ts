/**
 * End-to-end acceptance test: real twine uploads to and real pip installs from a Wheelhouse
 * server started from the built CLI, once on SQLite (the default) and once on PostgreSQL.
 *
 * Needs: `npm run build`, Debian's twine and python3-build/wheel/setuptools, `python3 -m venv`,
 * and PostgreSQL at WHEELHOUSE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * WHEELHOUSE_E2E_SKIP_PG=1 leaves the PostgreSQL run out; WHEELHOUSE_E2E_KEEP=1 keeps the
 * scratch directories; WHEELHOUSE_E2E_SERVER_LOG=1 echoes the server's output.
 */
import path from 'node:path';
import { expectStatus, ManagementClient } from './support/management';
import { expectFailure, expectSuccess } from './support/exec';
import {
  buildProjects,
  distFiles,
  POSTGRESQL,
  SQLITE,
  StartedRegistry,
  startRegistryOn,
} from './support/fixture';
import { BuiltDists, pipInstall, runPython } from './support/python';
import { RunningRegistry } from './support/registry';
import { makeTempDir, removeTempDir } from './support/tmp';
import {
  twineUpload,
  twineUploadWithConfig,
  writePypirc,
} from './support/twine';
import { VenvPool } from './support/venvPool';

jest.setTimeout(300_000);

const DEMO = 'wheelhouse-demo';
const LONELY = 'lonely-pkg';
const NO_MATCH = /no matching distribution/i;
const UNAUTHORIZED = /401|unauthori[sz]ed|403|forbidden/i;

// ---------------------------------------------------------------------------------------------
// Distributions are built once and shared by both database backends.

let distDir: string;
let dists: Record<string, BuiltDists>;

beforeAll(async () => {
  distDir = makeTempDir('dists');
  dists = await buildProjects({
    dir: distDir,
    outDir: path.join(distDir, 'out'),
    projects: [
      { name: DEMO, version: '1.0.0', requiresPython: '>=3.8' },
      { name: DEMO, version: '1.1.0', requiresPython: '>=3.8' },
      { name: LONELY, version: '0.1.0' },
    ].map(spec => ({
      ...spec,
      moduleBody: `def hello():\n    return "hello from ${spec.name} ${spec.version}"`,
    })),
  });
});

afterAll(() => removeTempDir(distDir));

// ---------------------------------------------------------------------------------------------

const backends = [SQLITE];
if (process.env.WHEELHOUSE_E2E_SKIP_PG !== '1') backends.push(POSTGRESQL);

describe.each(backends)(
  'twine and pip against Wheelhouse on $name',
  backend => {
    let workDir: string;
    let started: StartedRegistry | undefined;
    let registry: RunningRegistry | undefined;
    let token: string;
    let api: ManagementClient;
    let venvs: VenvPool;
    let scratchVenv: string | undefined;

    const server = (): RunningRegistry => {
      if (!registry)
        throw new Error('the server did not start (see beforeAll)');
      return registry;
    };
    const uploadUrl = () => `${server().url}/default/`;
    const indexUrl = () => `${server().url}/default/simple/`;
    const files = (key: string) => distFiles(dists[key]);

    const upload = (paths: string[], password = token) =>
      twineUpload({
        repositoryUrl: uploadUrl(),
        username: '__token__',
        password,
        files: paths,
      });

    /** pip-installs the requirement into a brand-new venv and returns the imported module's __version__. */
    async function installedVersion(
      requirement: string,
      module = 'wheelhouse_demo',
    ): Promise<string> {
      const python = await venvs.take();
      const result = await pipInstall(python, [requirement], {
        indexUrl: indexUrl(),
      });
      expectSuccess(result, `pip install ${requirement}`);
      return runPython(
        python,
        `import ${module}; print(${module}.__version__)`,
      );
    }

    /** pip install must fail with `reason` in its output (nothing is installed, so one venv serves all). */
    async function expectNotInstallable(
      requirement: string,
      reason: RegExp = NO_MATCH,
    ): Promise<void> {
      scratchVenv ??= await venvs.take();
      const result = await pipInstall(scratchVenv, [requirement], {
        indexUrl: indexUrl(),
      });
      expectFailure(result, `pip install ${requirement}`);
      expect(`${result.stdout}\n${result.stderr}`).toMatch(reason);
    }

    beforeAll(async () => {
      workDir = makeTempDir(backend.name.toLowerCase());
      venvs = new VenvPool(workDir);
      const firstVenv = venvs.take(); // warm up while the server starts
      firstVenv.catch(() => undefined);
      started = await startRegistryOn(backend, {
        dataDir: path.join(workDir, 'data'),
        tokens: { 'e2e-publisher': ['read', 'publish', 'manage'] },
      });
      ({ registry, api } = started);
      token = started.tokens['e2e-publisher'];
      scratchVenv = await firstVenv;
    });

    afterAll(async () => {
      await venvs?.drain();
      await started?.stop();
      removeTempDir(workDir);
    });

    test('twine uploads the wheel and sdist of two versions', async () => {
      const result = await upload([
        ...files(`${DEMO}==1.0.0`),
        ...files(`${DEMO}==1.1.0`),
      ]);
      expectSuccess(result, 'twine upload of wheelhouse-demo 1.0.0 and 1.1.0');
    });

    test('a byte-identical re-upload of a wheel is accepted', async () => {
      const result = await upload([dists[`${DEMO}==1.1.0`].wheel]);
      expectSuccess(result, 're-upload of the same wheel');
    });

    test('twine with a wrong password is rejected', async () => {
      const result = await upload(
        [dists[`${DEMO}==1.0.0`].wheel],
        'not-a-valid-token',
      );
      expectFailure(result, 'twine upload with a wrong password');
      // twine 4 logs "HTTPError: 401 Unauthorized from ..." on stdout (rich), so look at both streams.
      expect(`${result.stdout}\n${result.stderr}`).toMatch(UNAUTHORIZED);
    });

    test('pip installs the newest version', async () => {
      expect(await installedVersion(DEMO)).toBe('1.1.0');
    });

    test('a disabled version is skipped by pip, a pinned install prints the reason, and it comes back when enabled', async () => {
      expectStatus(
        await api.disableVersion(DEMO, '1.1.0', 'e2e: broken release'),
      );
      expect(await installedVersion(DEMO)).toBe('1.0.0');
      // Listed as yanked ("disabled: <reason>", PEP 592); its files answer 403 with the reason.
      await expectNotInstallable(
        `${DEMO}==1.1.0`,
        /403 Client Error: Version 1\.1\.0 of wheelhouse-demo is disabled: e2e: broken release/,
      );

      expectStatus(await api.enableVersion(DEMO, '1.1.0'));
      expect(await installedVersion(DEMO)).toBe('1.1.0');
    });

    test('a package whose only version is disabled cannot be installed', async () => {
      const pypirc = writePypirc(path.join(workDir, 'pypirc'), [
        {
          name: 'wheelhouse',
          repositoryUrl: uploadUrl(),
          username: '__token__',
          password: token,
        },
      ]);
      const result = await twineUploadWithConfig({
        configFile: pypirc,
        repository: 'wheelhouse',
        files: files(`${LONELY}==0.1.0`),
      });
      expectSuccess(result, 'twine upload of lonely-pkg with --config-file');
      expect(await installedVersion(LONELY, 'lonely_pkg')).toBe('0.1.0');

      expectStatus(await api.disableVersion(LONELY, '0.1.0', 'e2e: withdrawn'));
      await expectNotInstallable(LONELY);
    });

    test('a deleted version disappears from pip and can be restored from the recycle bin', async () => {
      expectStatus(await api.deleteVersion(DEMO, '1.1.0'));
      expect(await installedVersion(DEMO)).toBe('1.0.0');
      await expectNotInstallable(`${DEMO}==1.1.0`);

      expectStatus(await api.restoreVersion(DEMO, '1.1.0'));
      expect(await installedVersion(`${DEMO}==1.1.0`)).toBe('1.1.0');
    });
  },
);
