/** Python side of the end-to-end tests: make a tiny setuptools project, build it, and pip-install it into venvs. */
import fs from 'node:fs';
import path from 'node:path';
import { pythonToolEnv } from './env';
import { run, runOrThrow, RunResult } from './exec';

/** Debian's interpreter: it has the `build`, `wheel` and `setuptools` modules (python3-build etc.). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** The interpreter that makes the venvs and whose pip installs into them (the one on PATH, as users run it). */
const PIP_PYTHON = 'python3';

export interface ProjectSpec {
  /** Distribution name, e.g. "wheelhouse-demo"; the import package is the name with "-" turned into "_". */
  name: string;
  version: string;
  requiresPython?: string;
  dependencies?: string[];
  /** Extra Python source appended to the package's __init__.py. */
  moduleBody?: string;
}

export function moduleName(distributionName: string): string {
  return distributionName.toLowerCase().replace(/[-.]+/g, '_');
}

const tomlString = (value: string): string => JSON.stringify(value);

/** Writes a minimal setuptools (pyproject.toml) project into dir and returns dir. */
export function makeProject(dir: string, spec: ProjectSpec): string {
  const pkg = moduleName(spec.name);
  fs.mkdirSync(path.join(dir, pkg), { recursive: true });
  const lines = [
    '[build-system]',
    'requires = ["setuptools>=61", "wheel"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    `name = ${tomlString(spec.name)}`,
    `version = ${tomlString(spec.version)}`,
    `description = ${tomlString(`Wheelhouse end-to-end test package ${spec.name}`)}`,
  ];
  if (spec.requiresPython)
    lines.push(`requires-python = ${tomlString(spec.requiresPython)}`);
  lines.push(
    `dependencies = [${(spec.dependencies ?? []).map(tomlString).join(', ')}]`,
  );
  lines.push('', '[tool.setuptools]', `packages = [${tomlString(pkg)}]`, '');
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), lines.join('\n'));
  fs.writeFileSync(
    path.join(dir, pkg, '__init__.py'),
    `__version__ = ${tomlString(spec.version)}\n${spec.moduleBody ? `\n${spec.moduleBody}\n` : ''}`,
  );
  return dir;
}

export interface BuiltDists {
  wheel: string;
  sdist: string;
}

/** Builds a wheel and an sdist with `python -m build --no-isolation`; returns their absolute paths. */
export async function buildDists(
  projectDir: string,
  outDir: string,
): Promise<BuiltDists> {
  fs.mkdirSync(outDir, { recursive: true });
  const before = new Set(fs.readdirSync(outDir));
  await runOrThrow(
    SYSTEM_PYTHON,
    [
      '-m',
      'build',
      '--no-isolation',
      '--sdist',
      '--wheel',
      '--outdir',
      outDir,
      projectDir,
    ],
    { cwd: projectDir, env: pythonToolEnv() },
  );
  const created = fs.readdirSync(outDir).filter(f => !before.has(f));
  const wheel = created.find(f => f.endsWith('.whl'));
  const sdist = created.find(f => f.endsWith('.tar.gz'));
  if (!wheel || !sdist) {
    throw new Error(
      `python -m build did not produce a wheel and an sdist in ${outDir}: ${created.join(', ')}`,
    );
  }
  return { wheel: path.join(outDir, wheel), sdist: path.join(outDir, sdist) };
}

/**
 * Creates a virtual environment and returns the path of its python. Without pip of its own: ensurepip takes seconds
 * of CPU per venv, where `pipInstall` runs the interpreter's pip into the venv (`pip --python`) just as well.
 */
export async function createVenv(dir: string): Promise<string> {
  await runOrThrow(PIP_PYTHON, ['-m', 'venv', '--without-pip', dir], {
    env: pythonToolEnv(),
  });
  const python = path.join(dir, 'bin', 'python');
  if (!fs.existsSync(python))
    throw new Error(`venv at ${dir} has no bin/python`);
  return python;
}

export interface PipInstallOptions {
  indexUrl: string;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * `pip install ...` into the venv of `venvPython`, against one index only; never throws on a failed install. Real pip
 * (the interpreter's, 22.3 or newer for `--python`), installing into the venv as its own copy would.
 */
export function pipInstall(
  venvPython: string,
  args: string[],
  options: PipInstallOptions,
): Promise<RunResult> {
  return run(
    PIP_PYTHON,
    [
      '-m',
      'pip',
      '--python',
      venvPython,
      'install',
      '--no-cache-dir',
      '--disable-pip-version-check',
      '--no-input',
      '--index-url',
      options.indexUrl,
      ...(options.extraArgs ?? []),
      ...args,
    ],
    {
      cwd: path.dirname(path.dirname(venvPython)),
      env: pythonToolEnv(options.env),
      timeoutMs: options.timeoutMs,
    },
  );
}

/** The version of the pip that `pipInstall` runs, e.g. `23.2.1`. */
export async function pipVersion(): Promise<string> {
  const { stdout } = await runOrThrow(PIP_PYTHON, ['-m', 'pip', '--version'], {
    env: pythonToolEnv(),
  });
  return stdout.split(' ')[1];
}

/** Runs Python code in the venv (from the venv directory, so no source tree shadows installed packages). */
export async function runPython(
  venvPython: string,
  code: string,
): Promise<string> {
  const result = await runOrThrow(venvPython, ['-c', code], {
    cwd: path.dirname(path.dirname(venvPython)),
    env: pythonToolEnv(),
  });
  return result.stdout.trim();
}
