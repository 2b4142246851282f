/**
 * What real twine and pip make of two answers (issue 11.10, 11.11): an upload into a version in the recycle bin or a
 * disabled one, which `twine upload --skip-existing` must not take for "already exists"; and an sdist whose PKG-INFO
 * is Metadata-Version 2.1, whose dependencies only a build knows, which pip must build rather than trust.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expectSuccess, RunResult } from './support/exec';
import {
  buildProject,
  POSTGRESQL,
  SQLITE,
  StartedRegistry,
  startRegistryOn,
} from './support/fixture';
import { expectStatus, ManagementClient } from './support/management';
import {
  BuiltDists,
  createVenv,
  pipInstall,
  pipVersion,
  runPython,
} from './support/python';
import { RunningRegistry } from './support/registry';
import { makeTempDir, removeTempDir } from './support/tmp';
import { twineUpload } from './support/twine';

jest.setTimeout(180_000);

const STATES = 'state-demo';

/**
 * An sdist as old setuptools wrote them: PKG-INFO says Metadata-Version 2.1 and lists no Requires-Dist, because the
 * dependencies are computed when it is built (here by an in-tree PEP 517 backend that needs nothing installed).
 */
const DYNAMIC_SDIST = `
import io, sys, tarfile
out = sys.argv[1]
top = "dyn_sdist-1.0"
backend = '''
import base64, hashlib, os, zipfile
def _dependencies():
    return ["dep-demo"]  # decided at build time, as a setup.py may
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "dyn_sdist-1.0-py3-none-any.whl"
    info = "dyn_sdist-1.0.dist-info"
    metadata = "Metadata-Version: 2.1\\\\nName: dyn-sdist\\\\nVersion: 1.0\\\\n" + "".join(
        "Requires-Dist: %s\\\\n" % d for d in _dependencies())
    files = {
        "dyn_sdist/__init__.py": b"__version__ = '1.0'\\\\n",
        info + "/METADATA": metadata.encode(),
        info + "/WHEEL": b"Wheel-Version: 1.0\\\\nGenerator: test\\\\nRoot-Is-Purelib: true\\\\nTag: py3-none-any\\\\n",
    }
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        records.append(info + "/RECORD,,")
        z.writestr(info + "/RECORD", "\\\\n".join(records) + "\\\\n")
    return name
'''
members = {
    "PKG-INFO": "Metadata-Version: 2.1\\nName: dyn-sdist\\nVersion: 1.0\\nSummary: dependencies computed at build time\\n\\n",
    "pyproject.toml": '[build-system]\\nrequires = []\\nbuild-backend = "backend"\\nbackend-path = ["."]\\n',
    "backend.py": backend,
}
with tarfile.open(out, "w:gz") as t:
    for name, text in members.items():
        data = text.encode()
        entry = tarfile.TarInfo(top + "/" + name); entry.size = len(data)
        t.addfile(entry, io.BytesIO(data))
`;

let distDir: string;
let v1: BuiltDists;
let v2: BuiltDists;
let dependency: BuiltDists;
let dynamicSdist: string;

beforeAll(async () => {
  distDir = makeTempDir('upload-states');
  const out = path.join(distDir, 'out');
  const build = (name: string, version: string) =>
    buildProject({ dir: distDir, outDir: out, project: { name, version } });
  v1 = await build(STATES, '1.0');
  v2 = await build(STATES, '2.0');
  dependency = await build('dep-demo', '1.0');
  dynamicSdist = path.join(out, 'dyn_sdist-1.0.tar.gz');
  execFileSync('python3', ['-c', DYNAMIC_SDIST, dynamicSdist]);
});
afterAll(() => removeTempDir(distDir));

const backends = [SQLITE, POSTGRESQL];

describe.each(backends)('twine and pip on upload states, $name', backend => {
  let workDir: string;
  let registry: RunningRegistry;
  let api: ManagementClient;
  let token: string;
  let started: StartedRegistry | undefined;

  beforeAll(async () => {
    workDir = makeTempDir(backend.name.toLowerCase());
    started = await startRegistryOn(backend, {
      dataDir: path.join(workDir, 'data'),
      tokens: { states: ['publish', 'manage'] },
    });
    ({ registry, api } = started);
    token = started.tokens.states;
  });
  afterAll(async () => {
    await started?.stop();
    removeTempDir(workDir);
  });

  const upload = (files: string[], extraArgs: string[] = []) =>
    twineUpload({
      repositoryUrl: `${registry.url}/default/`,
      username: '__token__',
      password: token,
      files,
      extraArgs,
    });
  const output = (result: RunResult) => `${result.stdout}\n${result.stderr}`;

  test('twine --skip-existing does not skip an upload into a version in the recycle bin', async () => {
    expectSuccess(await upload([v1.wheel]), 'twine upload 1.0');
    expectStatus(await api.deleteVersion(STATES, '1.0'));
    for (const file of [v1.sdist, v1.wheel]) {
      const result = await upload([file], ['--skip-existing']);
      expect(result.code).not.toBe(0);
      expect(output(result)).toMatch(
        /400 Bad Request[\s\S]*is in the recycle bin/,
      );
      expect(output(result)).not.toMatch(/skipping/i);
    }
    expectStatus(await api.restoreVersion(STATES, '1.0'));
    expectSuccess(
      await upload([v1.sdist], ['--skip-existing']),
      'twine upload after the restore',
    );
  });

  test('an upload of a new file into a disabled version is refused with the reason; a re-upload is not', async () => {
    expectSuccess(await upload([v2.wheel]), 'twine upload 2.0');
    expectStatus(await api.disableVersion(STATES, '2.0', 'CVE-2026-0001'));
    const refused = await upload([v2.sdist], ['--skip-existing']);
    expect(refused.code).not.toBe(0);
    expect(output(refused)).toMatch(
      /400 Bad Request[\s\S]*is disabled \(CVE-2026-0001\): enable it before uploading/,
    );
    // Nothing new: the identical bytes answer 200, as for any re-run publish job.
    expectSuccess(await upload([v2.wheel]), 'identical re-upload');
    expectStatus(await api.enableVersion(STATES, '2.0'));
    expectSuccess(await upload([v2.sdist]), 'upload after enabling');
  });

  test('pip builds a Metadata-Version 2.1 sdist instead of trusting its PKG-INFO, and gets its dependencies', async () => {
    expectSuccess(
      await upload([dependency.wheel, dynamicSdist]),
      'twine upload of dep-demo and dyn-sdist',
    );
    const page = await (
      await fetch(`${registry.url}/default/simple/dyn-sdist/`)
    ).text();
    expect(page).toContain('dyn_sdist-1.0.tar.gz');
    expect(page).not.toContain('data-core-metadata');
    const python = await createVenv(path.join(workDir, 'venv'));
    const pip = await pipVersion();
    // pip reads PEP 658 metadata from 23.2 on.
    expect(
      Number(pip.split('.')[0]) * 100 + Number(pip.split('.')[1]),
    ).toBeGreaterThanOrEqual(2302);
    const result = await pipInstall(python, ['dyn-sdist'], {
      indexUrl: `${registry.url}/default/simple/`,
    });
    expectSuccess(result, 'pip install dyn-sdist');
    expect(
      await runPython(
        python,
        'import dep_demo, dyn_sdist; print(dyn_sdist.__version__, dep_demo.__version__)',
      ),
    ).toBe('1.0 1.0');
  });
});
