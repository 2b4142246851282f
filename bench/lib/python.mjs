// Real wheels made with Python's zipfile: a 31-package dependency tree for pip, and a 1 GB wheel for the upload.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './util.mjs';

export const PYTHON = '/usr/bin/python3';
export const TWINE = '/usr/bin/twine';

const WHEEL_SCRIPT = `
import json, os, sys, zipfile
specs = json.loads(sys.argv[1]); out = sys.argv[2]
for spec in specs:
    dist = spec["name"].replace("-", "_")
    info = "%s-%s.dist-info" % (dist, spec["version"])
    meta = ["Metadata-Version: 2.1", "Name: " + spec["name"], "Version: " + spec["version"],
            "Summary: benchmark package", "Requires-Python: >=3.8"]
    meta += ["Requires-Dist: " + dep for dep in spec["requires"]]
    path = os.path.join(out, "%s-%s-py3-none-any.whl" % (dist, spec["version"]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(dist + "/__init__.py", "__version__ = %r\\n" % spec["version"])
        z.writestr(info + "/METADATA", "\\n".join(meta) + "\\n\\nA benchmark package.\\n")
        z.writestr(info + "/WHEEL", "Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        z.writestr(info + "/RECORD", "")
`;

/**
 * `bench-app` needs 5 `bench-mid-*` packages, each of which needs 5 `bench-leaf-*` packages: 30 dependencies.
 * Every package has two versions (pip resolves to the newer; PEP 658 metadata saves downloading the candidates).
 */
export async function buildDependencyTree(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const specs = [];
  const mids = [1, 2, 3, 4, 5].map(i => `bench-mid-${i}`);
  for (const version of ['1.0.0', '1.1.0']) {
    specs.push({
      name: 'bench-app',
      version,
      requires: mids.map(name => `${name}>=1.0`),
    });
    for (const [i, mid] of mids.entries()) {
      const leaves = [1, 2, 3, 4, 5].map(j => `bench-leaf-${i + 1}-${j}`);
      specs.push({
        name: mid,
        version,
        requires: leaves.map(name => `${name}>=1.0`),
      });
      for (const leaf of leaves)
        specs.push({ name: leaf, version, requires: [] });
    }
  }
  await run(PYTHON, ['-c', WHEEL_SCRIPT, JSON.stringify(specs), outDir]);
  const files = fs
    .readdirSync(outDir)
    .filter(name => name.endsWith('.whl'))
    .map(name => path.join(outDir, name));
  const projects = [...new Set(specs.map(spec => spec.name))];
  return { files, projects, root: 'bench-app' };
}

const HUGE_SCRIPT = `
import os, sys, zipfile
out, size = sys.argv[1], int(sys.argv[2])
info = "huge_pkg-1.0.0.dist-info"
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
    z.writestr("huge_pkg/__init__.py", "__version__ = '1.0.0'\\n")
    with z.open("huge_pkg/payload.bin", "w", force_zip64=True) as member:
        chunk = os.urandom(16 * 1024 * 1024)
        left = size
        while left > 0:
            part = chunk[: min(len(chunk), left)]
            member.write(part)
            left -= len(part)
            chunk = chunk[1:] + chunk[:1]
    z.writestr(info + "/METADATA", "Metadata-Version: 2.1\\nName: huge-pkg\\nVersion: 1.0.0\\nSummary: one large file\\n")
    z.writestr(info + "/WHEEL", "Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    z.writestr(info + "/RECORD", "")
`;

/** A valid wheel of about `bytes` bytes (one stored, incompressible member). */
export async function buildHugeWheel(outDir, bytes) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'huge_pkg-1.0.0-py3-none-any.whl');
  await run(PYTHON, ['-c', HUGE_SCRIPT, file, String(bytes)], {
    timeoutMs: 300_000,
  });
  return file;
}

export async function twineUpload({ repositoryUrl, token, files }) {
  await run(
    TWINE,
    [
      'upload',
      '--disable-progress-bar',
      '--non-interactive',
      '--repository-url',
      repositoryUrl,
      '-u',
      '__token__',
      '-p',
      token,
      ...files,
    ],
    {
      timeoutMs: 300_000,
      env: { ...process.env, TWINE_NON_INTERACTIVE: '1' },
    },
  );
}

/** A venv without pip (fast to make); the system pip installs into it with --python. */
export async function makeVenv(dir) {
  await run(PYTHON, ['-m', 'venv', '--without-pip', dir]);
  return path.join(dir, 'bin/python');
}

/**
 * Times `pip install <root>` from `indexUrl` into a fresh venv with a cold cache (--no-cache-dir; --isolated so the
 * machine's pip configuration, e.g. find-links, plays no part). Returns seconds and the installed packages.
 */
export async function timePipInstall({ indexUrl, root, venvDir }) {
  const python = await makeVenv(venvDir);
  const result = await run(
    PYTHON,
    [
      '-m',
      'pip',
      '--isolated',
      '--python',
      python,
      'install',
      '--no-cache-dir',
      '--disable-pip-version-check',
      '--no-input',
      '--progress-bar',
      'off',
      '--index-url',
      indexUrl,
      root,
    ],
    { timeoutMs: 300_000 },
  );
  const installed =
    /Successfully installed (.+)$/m
      .exec(result.stdout)?.[1]
      ?.trim()
      .split(/\s+/) ?? [];
  fs.rmSync(venvDir, { recursive: true, force: true });
  return { seconds: result.seconds, installed, output: result.stdout };
}
