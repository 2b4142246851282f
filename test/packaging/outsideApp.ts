/**
 * A Backstage backend and app outside the monorepo (os.tmpdir()), made from the template in outside-app/ and the
 * packages' `npm pack` tarballs, as a Backstage team would install them from a registry.
 */
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runOrThrow } from '../support/exec';
import { REPO_ROOT } from '../support/registry';

const TEMPLATE = path.join(__dirname, 'outside-app');
const CACHE_PREFIX = 'wheelhouse-outside-app-';

/** The public packages, in the order npm would need them; directory and package name. */
export const PUBLIC_PACKAGES = [
  ['backstage-common', '@wheelhouse/backstage-plugin-pypi-common'],
  ['registry-client', '@wheelhouse/registry-client'],
  ['registry-core', '@wheelhouse/registry-core'],
  ['backstage-backend', '@wheelhouse/backstage-plugin-pypi-backend'],
  ['backstage-plugin', '@wheelhouse/backstage-plugin-pypi'],
] as const;

/** `@wheelhouse/registry-core` -> `wheelhouse-registry-core.tgz`, the name the template's package.json refers to. */
const tarballName = (name: string) =>
  `${name.replace(/^@/, '').replace('/', '-')}.tgz`;

/**
 * npm, with the Node that runs the tests (scripts/node22.sh puts it first on PATH), without jest's NODE_ENV=test
 * (browserslist would look for a `test` section; npm would install as for production with NODE_ENV=production).
 */
export function npm(
  args: string[],
  cwd: string,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): ReturnType<typeof runOrThrow> {
  const bin = path.dirname(process.execPath);
  const { NODE_ENV: _jest, ...env } = process.env;
  return runOrThrow('npm', args, {
    cwd,
    timeoutMs: options.timeoutMs ?? 600_000,
    env: {
      ...env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      npm_config_update_notifier: 'false',
      ...options.env,
    },
  });
}

/** Packs every public package (its prepack turns the repository's entry points into dist's) into `dir`. */
export async function packAll(dir: string): Promise<Record<string, string>> {
  fs.mkdirSync(dir, { recursive: true });
  const { stdout } = await npm(
    [
      'pack',
      '--json',
      '--pack-destination',
      dir,
      ...PUBLIC_PACKAGES.flatMap(([, name]) => ['-w', name]),
    ],
    REPO_ROOT,
  );
  const packed: { name: string; filename: string }[] = JSON.parse(
    stdout.slice(stdout.indexOf('[')),
  );
  const tarballs: Record<string, string> = {};
  for (const { name, filename } of packed) {
    const target = path.join(dir, tarballName(name));
    fs.renameSync(path.join(dir, path.basename(filename)), target);
    tarballs[name] = target;
  }
  expect(Object.keys(tarballs).sort()).toEqual(
    PUBLIC_PACKAGES.map(([, name]) => name).sort(),
  );
  return tarballs;
}

/** The version of a package installed in the monorepo: the outside app uses the same, so npm's cache has it. */
function monorepoVersion(name: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

/** The template's package.json with "monorepo" replaced by the monorepo's installed versions. */
function resolvedManifest(project: 'backend' | 'app'): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(TEMPLATE, project, 'package.json'), 'utf8'),
  );
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (range === 'monorepo') manifest[field][name] = monorepoVersion(name);
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export interface OutsideProjects {
  tarballs: string;
  backend: string;
  app: string;
}

/**
 * Where the outside projects are: each in a directory named by a hash of what its installed dependencies depend on
 * (its template, the resolved versions, Node's version), so that a second run reuses the first one's node_modules.
 */
export function outsideProjects(): OutsideProjects {
  const root = path.join(os.tmpdir(), `${CACHE_PREFIX}cache`);
  const projects = { tarballs: path.join(root, 'tarballs') } as OutsideProjects;
  const current = new Set(['tarballs']);
  for (const project of ['backend', 'app'] as const) {
    const hash = crypto.createHash('sha256');
    hash.update(resolvedManifest(project));
    for (const file of filesOf(path.join(TEMPLATE, project)))
      hash
        .update(file)
        .update(fs.readFileSync(path.join(TEMPLATE, project, file)));
    hash.update(process.version);
    const name = `${project}-${hash.digest('hex').slice(0, 12)}`;
    projects[project] = path.join(root, name);
    current.add(name);
  }
  // An install for an older template is of no more use (up to 1 GB each).
  if (fs.existsSync(root))
    for (const entry of fs.readdirSync(root))
      if (!current.has(entry))
        fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  return projects;
}

/**
 * Writes the template into `dir` and installs its dependencies from the npm registry (npm's cache first) and the
 * tarballs. Install scripts do not run (no internet for prebuilt binaries); better-sqlite3's native module, the only
 * one the backend needs, is the monorepo's build of the same version for the same Node.
 */
export async function install(
  project: 'backend' | 'app',
  dir: string,
): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of filesOf(path.join(TEMPLATE, project))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(TEMPLATE, project, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, 'package.json'), resolvedManifest(project));
  // The tarballs change from run to run under the same names: npm must take them afresh.
  fs.rmSync(path.join(dir, 'node_modules', '@wheelhouse'), {
    recursive: true,
    force: true,
  });
  fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
  await npm(
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      // As in the monorepo's .npmrc: Material UI 4 declares React 17 peers, Backstage runs React 18.
      '--legacy-peer-deps',
    ],
    dir,
  );
  const sqlite = path.join(dir, 'node_modules', 'better-sqlite3');
  if (fs.existsSync(sqlite)) {
    const built = path.join(
      REPO_ROOT,
      'node_modules',
      'better-sqlite3',
      'build',
    );
    fs.cpSync(built, path.join(sqlite, 'build'), { recursive: true });
  }
}

export interface Running {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the outside backend with its app-config and waits until every plugin is initialised. */
export async function startBackend(
  dir: string,
  configFile: string,
): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['src/index.js', '--config', configFile],
    {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`backend not ready in 120 s:\n${output.slice(-4000)}`),
        ),
      120_000,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Plugin initialization complete/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  await ready;
  return { url: '', output: () => output, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves the app's production build as any static web server would, with index.html for the app's routes. */
export function serveStatic(dir: string, port: number): Promise<Running> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(
      new URL(request.url!, 'http://x').pathname,
    );
    let file = path.join(dir, path.normalize(pathname));
    if (
      !file.startsWith(dir) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    )
      file = path.join(dir, 'index.html');
    response.setHeader(
      'content-type',
      TYPES[path.extname(file)] ?? 'application/octet-stream',
    );
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        output: () => '',
        stop: () => new Promise(done => server.close(() => done())),
      }),
    );
  });
}
