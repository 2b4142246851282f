/**
 * The repository as a newcomer meets it: no package reaches into another's src/, the lock file is what `npm install`
 * writes, and every script that runs the registry runs it on the same Node (scripts/node22.sh).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/registry';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { npm } from './outsideApp';

jest.setTimeout(300_000);

const PACKAGES = path.join(REPO_ROOT, 'packages');
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
/** A module specifier: import/export ... from, import(), require(), jest.mock(). */
const SPECIFIER =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*|jest\.mock\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      entry =>
        entry.isFile() &&
        SOURCE.test(entry.name) &&
        !/[\\/](node_modules|dist|lib)([\\/]|$)/.test(
          path.relative(REPO_ROOT, entry.parentPath),
        ),
    )
    .map(entry => path.join(entry.parentPath, entry.name));
}

/**
 * No exceptions: test helpers shared across packages live in @wheelhouse/test-utils (private, never packed) and are
 * imported by name like any other package.
 */
it("no file imports another package's src/", () => {
  const offences: string[] = [];
  const files = [
    ...sourceFiles(PACKAGES),
    ...sourceFiles(path.join(REPO_ROOT, 'test')),
    ...sourceFiles(path.join(REPO_ROOT, 'bench')),
    ...sourceFiles(path.join(REPO_ROOT, 'scripts')),
  ];
  expect(files.length).toBeGreaterThan(100);
  for (const file of files) {
    const relative = path.relative(REPO_ROOT, file);
    const own = relative.startsWith('packages/')
      ? relative.split('/')[1]
      : undefined;
    for (const [, specifier] of fs
      .readFileSync(file, 'utf8')
      .matchAll(SPECIFIER)) {
      const target = specifier.startsWith('.')
        ? path.relative(PACKAGES, path.resolve(path.dirname(file), specifier))
        : specifier.replace(/^@wheelhouse\/[^/]+\//, 'by-name/');
      const [pkg, second] = target.split(/[\\/]/);
      const reachesIn =
        specifier.startsWith('.') && !target.startsWith('..')
          ? pkg !== own && second === 'src'
          : specifier.startsWith('@wheelhouse/') &&
            /^@wheelhouse\/[^/]+\/src(\/|$)/.test(specifier);
      if (reachesIn) offences.push(`${relative}: ${specifier}`);
    }
  }
  expect(offences).toEqual([]);
});

it('a fresh npm install leaves package-lock.json as committed', async () => {
  const dir = makeTempDir('lock');
  try {
    const copy = (file: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
    };
    const root = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
    );
    for (const file of ['package.json', 'package-lock.json', '.npmrc'])
      copy(file);
    for (const workspace of root.workspaces)
      copy(path.join(workspace, 'package.json'));
    await npm(
      [
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
      ],
      dir,
    );
    expect(
      fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8') ===
        fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'),
    ).toBe(true);
  } finally {
    removeTempDir(dir);
  }
});

it('every script that runs the registry runs it with the Node of scripts/node22.sh', () => {
  const { scripts } = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  for (const name of [
    'start',
    'serve',
    'test',
    'test:unit',
    'test:e2e',
    'bench',
  ]) {
    const steps = scripts[name].split('&&').map(step => step.trim());
    const unwrapped = steps.filter(
      step =>
        !step.startsWith('bash scripts/node22.sh ') &&
        !/^npm run setup:/.test(step),
    );
    expect({ name, unwrapped }).toEqual({ name, unwrapped: [] });
  }
});

it('the README says what setup:test installs and starts, and how to stop it', () => {
  const script = fs.readFileSync(
    path.join(REPO_ROOT, 'scripts', 'setup-test-env.sh'),
    'utf8',
  );
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const [, list] = /^APT_PACKAGES=\(([^)]*)\)/m.exec(script)!;
  const packages = list.trim().split(/\s+/);
  expect(packages.length).toBeGreaterThan(5);
  const listed = /install[^`]*`([^`]+)`/.exec(
    readme.slice(readme.indexOf('`npm run setup:test` (as root')),
  )![1];
  expect(listed.split(/\s+/)).toEqual(packages);
  expect(script).toContain('s3-test-server.sh" start');
  expect(readme).toContain('bash scripts/s3-test-server.sh stop');
  expect(readme).toContain('http://127.0.0.1:17480');
});
