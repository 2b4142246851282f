/**
 * Done when a Backstage team can install the plugins: every public package packed with `npm pack`, installed into a
 * fresh Backstage backend and app in a temporary directory outside the monorepo (template: outside-app/), the app
 * built with backstage-cli's production build; twine uploads and pip installs through /api/pypi, and headless
 * Chromium shows the artifacts page and the entity content. The README's "Add it to your Backstage" is this.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { guestToken, personalToken } from '../support/backstage';
import { describeFailure, RunResult } from '../support/exec';
import {
  buildDists,
  createVenv,
  makeProject,
  pipInstall,
  runPython,
} from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';
import { launchChromium, openPage } from '../ui/browser';
import {
  install,
  npm,
  outsideProjects,
  packAll,
  PUBLIC_PACKAGES,
  Running,
  serveStatic,
  startBackend,
} from './outsideApp';
import { REPO_ROOT } from '../support/registry';

jest.setTimeout(1_800_000);

const NAME = 'outside-demo';
const projects = outsideProjects();
const timings: Record<string, number> = {};
let scratch: string;
let backend: Running | undefined;
let app: Running | undefined;
let backendUrl: string;
let appUrl: string;
let tarballs: Record<string, string>;

async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await step();
  } finally {
    timings[what] = Math.round((Date.now() - start) / 100) / 10;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ok(result: RunResult, what: string): void {
  if (result.code !== 0) throw new Error(describeFailure(what, [], result));
}

beforeAll(async () => {
  scratch = makeTempDir('outside-app');
  const [backendPort, appPort] = [await freePort(), await freePort()];
  backendUrl = `http://127.0.0.1:${backendPort}`;
  appUrl = `http://127.0.0.1:${appPort}`;

  tarballs = await timed('npm pack', () => packAll(projects.tarballs));
  // Side by side: the two installs wait mostly on the npm registry and the disk.
  await Promise.all([
    timed('install backend', () => install('backend', projects.backend)),
    timed('install app', () => install('app', projects.app)),
  ]);

  const config = {
    app: { baseUrl: appUrl, title: 'Outside app' },
    backend: {
      baseUrl: backendUrl,
      listen: { port: backendPort, host: '127.0.0.1' },
      cors: { origin: appUrl, credentials: true },
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(scratch, 'db') },
      },
    },
    auth: {
      environment: 'development',
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    permission: { enabled: true },
    pypi: {
      repositories: [{ name: 'default', anonymousRead: true }],
      storage: { type: 'local', directory: path.join(scratch, 'blobs') },
    },
  };
  const configFile = path.join(scratch, 'app-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

  await timed('app production build', () =>
    npm(['run', 'build', '--', '--config', configFile], projects.app, {
      timeoutMs: 900_000,
      env: { NODE_ENV: 'production' },
    }),
  );
  backend = await timed('backend start', () =>
    startBackend(projects.backend, configFile),
  );
  app = await serveStatic(path.join(projects.app, 'dist'), appPort);
});

afterAll(async () => {
  await backend?.stop();
  await app?.stop();
  removeTempDir(scratch);
  // eslint-disable-next-line no-console
  console.log(`outside-app timings (s): ${JSON.stringify(timings)}`);
});

it('installs each package from its tarball, outside the monorepo', () => {
  for (const project of [projects.backend, projects.app]) {
    expect(path.relative(REPO_ROOT, project).startsWith('..')).toBe(true);
  }
  for (const [, name] of PUBLIC_PACKAGES.filter(
    ([dir]) => dir !== 'backstage-plugin',
  )) {
    const installed = path.join(projects.backend, 'node_modules', name);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
  }
});

it('uploads with twine and installs with pip through /api/pypi of the outside backend', async () => {
  const project = makeProject(path.join(scratch, 'project'), {
    name: NAME,
    version: '1.0.0',
  });
  const dists = await buildDists(project, path.join(scratch, 'dists'));
  const running = { url: backendUrl, pypi: `${backendUrl}/api/pypi` };
  const user = await guestToken(running as never);
  const token = await personalToken(running as never, user, ['publish']);
  ok(
    await twineUpload({
      repositoryUrl: `${running.pypi}/default/`,
      username: '__token__',
      password: token,
      files: [dists.wheel, dists.sdist],
    }),
    'twine upload',
  );
  const python = await createVenv(path.join(scratch, 'venv'));
  ok(
    await pipInstall(python, [NAME], {
      indexUrl: `${running.pypi}/default/simple/`,
    }),
    'pip install',
  );
  expect(
    await runPython(
      python,
      "import importlib.metadata as m; print(m.version('outside-demo'))",
    ),
  ).toContain('1.0.0');
});

it('shows the artifacts page and the entity content of the production build in Chromium', async () => {
  const browser = await launchChromium();
  try {
    const { page, events } = await openPage(browser);
    await page.goto(`${appUrl}/pypi`);
    try {
      // Guest sign-in through the backend's guest provider.
      await page.getByRole('button', { name: 'Enter' }).click();
      await page.getByText(NAME).first().waitFor({ timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(scratch, 'failure.png') });
      throw new Error(
        `${(error as Error).message}\npage errors: ${events.errors.join('\n')}\ntext: ${await page.locator('body').innerText()}`,
      );
    }
    await page.goto(`${appUrl}/entity`);
    await page.getByText('1.0.0').first().waitFor({ timeout: 60_000 });
    expect(events.dialogs).toEqual([]);
  } finally {
    await browser.close();
  }
});

it('passes npm publish --dry-run for each public package, as packed', async () => {
  for (const [directory, name] of PUBLIC_PACKAGES) {
    const tarball = tarballs[name];
    const { stdout } = await timed(`publish --dry-run ${directory}`, () =>
      npm(['publish', '--dry-run', '--json', tarball], projects.tarballs),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(report[name]).toMatchObject({ name, version: '0.1.0' });
  }
});
