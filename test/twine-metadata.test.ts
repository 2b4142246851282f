/**
 * Debian 12's twine (4.0.2, pkginfo 1.8) cannot read Metadata-Version 2.4, which setuptools >= 77 writes when
 * `python3 -m build` installs it into an isolated environment: twine stops before uploading with "missing required
 * fields: Name, Version". The README and the User Guide's Push tab say what to do; this runs the real twine on
 * both kinds of wheel against a running registry and pip installs what the advice uploads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runOrThrow } from './support/exec';
import {
  createVenv,
  makeProject,
  pipInstall,
  runPython,
  SYSTEM_PYTHON,
} from './support/python';
import { pythonToolEnv } from './support/env';
import {
  createToken,
  REPO_ROOT,
  RunningRegistry,
  startRegistry,
} from './support/registry';
import { makeTempDir, removeTempDir } from './support/tmp';
import { twineUpload } from './support/twine';

jest.setTimeout(240_000);

/** The advice the README and the User Guide's Push tab give (UserGuide.test.tsx checks the Push tab). */
const OLD_TWINE_BUILD = 'python3 -m build --no-isolation';

const NAME = 'metadata-demo';
let dir: string;
let registry: RunningRegistry;
let token: string;
let project: string;

beforeAll(async () => {
  dir = makeTempDir('twine-metadata');
  const dataDir = path.join(dir, 'data');
  registry = await startRegistry({ dataDir });
  token = await createToken({ dataDir, name: 'ci', scopes: ['publish'] });
  project = makeProject(path.join(dir, 'src'), {
    name: NAME,
    version: '1.0.0',
  });
});
afterAll(async () => {
  await registry?.stop();
  removeTempDir(dir);
});

/** The advice, run as the user would type it (the README and the User Guide show this command). */
async function buildAsAdvised(outDir: string): Promise<string> {
  const [, ...args] = OLD_TWINE_BUILD.split(' ');
  await runOrThrow(
    SYSTEM_PYTHON,
    [...args, '--wheel', '--outdir', outDir, project],
    {
      cwd: project,
      env: pythonToolEnv(),
    },
  );
  const wheel = fs.readdirSync(outDir).find(file => file.endsWith('.whl'))!;
  return path.join(outDir, wheel);
}

/**
 * What an isolated build with current setuptools makes: the same wheel with Metadata-Version 2.4 (and a 2.4 field).
 * Built here by rewriting METADATA, because an isolated build needs PyPI.
 */
async function asMetadata24(wheel: string, outDir: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, path.basename(wheel));
  await runOrThrow(
    SYSTEM_PYTHON,
    [
      '-c',
      `
import re, sys, zipfile
source, target = sys.argv[1:]
with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, 'w', zipfile.ZIP_DEFLATED) as new:
    for item in old.infolist():
        data = old.read(item)
        if item.filename.endswith('.dist-info/METADATA'):
            text = re.sub(r'^Metadata-Version: .*$', 'Metadata-Version: 2.4', data.decode(), count=1, flags=re.M)
            data = text.replace('\\nName:', '\\nLicense-Expression: MIT\\nName:', 1).encode()
        new.writestr(item, data)
`,
      wheel,
      target,
    ],
    { env: pythonToolEnv() },
  );
  return target;
}

it('old twine rejects a Metadata-Version 2.4 wheel; the advised build uploads and pip installs it', async () => {
  const wheel = await buildAsAdvised(path.join(dir, 'advised'));
  const metadata = (
    await runOrThrow(SYSTEM_PYTHON, [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(next(z.read(n).decode() for n in z.namelist() if n.endswith("METADATA")))',
      wheel,
    ])
  ).stdout;
  expect(metadata).toMatch(/^Metadata-Version: 2\.[0-3]$/m);

  const upload = (file: string) =>
    twineUpload({
      repositoryUrl: `${registry.url}/default/`,
      username: '__token__',
      password: token,
      files: [file],
    });

  const rejected = await upload(
    await asMetadata24(wheel, path.join(dir, 'isolated')),
  );
  expect(rejected.code).not.toBe(0);
  expect(rejected.stdout + rejected.stderr).toMatch(
    /missing required fields: Name, Version/,
  );

  const accepted = await upload(wheel);
  expect({ code: accepted.code, out: accepted.stdout }).toEqual({
    code: 0,
    out: expect.stringContaining('Uploading'),
  });
  const python = await createVenv(path.join(dir, 'venv'));
  const install = await pipInstall(python, [NAME], {
    indexUrl: `${registry.url}/default/simple/`,
  });
  expect(install.code).toBe(0);
  expect(
    await runPython(
      python,
      `import importlib.metadata as m; print(m.version('${NAME}'))`,
    ),
  ).toContain('1.0.0');
});

it('the README gives the same advice as the User Guide', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('missing required fields: Name, Version');
  expect(readme).toContain(OLD_TWINE_BUILD);
  expect(readme).toContain('pip install --upgrade twine');
});
