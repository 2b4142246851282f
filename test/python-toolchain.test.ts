/**
 * Checks the Python toolchain the end-to-end tests rely on, without a Wheelhouse server:
 * build a project, create a venv, pip-install the wheel from a local directory, run twine.
 * When this fails, the problem is the machine (see .ci/run), not the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from './support/exec';
import {
  buildDists,
  createVenv,
  makeProject,
  pipInstall,
  runPython,
} from './support/python';
import { makeTempDir, removeTempDir } from './support/tmp';
import { TWINE } from './support/twine';

jest.setTimeout(180_000);

let dir: string;
beforeAll(() => {
  dir = makeTempDir('toolchain');
});
afterAll(() => removeTempDir(dir));

test('a setuptools project builds to a wheel and an sdist that pip installs into a venv', async () => {
  const project = makeProject(path.join(dir, 'src'), {
    name: 'toolchain-check',
    version: '2.3.4',
    requiresPython: '>=3.8',
    moduleBody: 'ANSWER = 42',
  });
  const { wheel, sdist } = await buildDists(project, path.join(dir, 'dist'));
  expect(path.basename(wheel)).toBe('toolchain_check-2.3.4-py3-none-any.whl');
  expect(path.basename(sdist)).toMatch(/^toolchain[-_]check-2\.3\.4\.tar\.gz$/);
  expect(fs.statSync(wheel).size).toBeGreaterThan(0);

  const python = await createVenv(path.join(dir, 'venv'));
  const result = await pipInstall(python, ['toolchain-check'], {
    indexUrl: 'http://127.0.0.1:9/unused/simple/',
    extraArgs: ['--no-index', '--find-links', path.dirname(wheel)],
  });
  if (result.code !== 0)
    throw new Error(`pip install failed:\n${result.stdout}\n${result.stderr}`);
  expect(
    await runPython(
      python,
      'import toolchain_check as t; print(t.__version__, t.ANSWER)',
    ),
  ).toBe('2.3.4 42');
});

test('twine is installed and has the upload flags the tests use', async () => {
  const result = await run(TWINE, ['upload', '--help']);
  expect(result.code).toBe(0);
  for (const flag of [
    '--non-interactive',
    '--disable-progress-bar',
    '--repository-url',
    '--config-file',
  ]) {
    expect(result.stdout).toContain(flag);
  }
});
