/**
 * `npm start` after its build: the dev backend and the dev app on `backstage-cli package start` (createDevApp), as
 * package.json's start:dev runs them, on free ports (APP_CONFIG_* overrides) and a scratch data directory. Both
 * listen on 127.0.0.1 only; headless Chromium signs in as guest and sees the repository page.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/registry';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { launchChromium, openPage } from './browser';
import { freePort } from '../support/freePort';

jest.setTimeout(400_000);

function connects(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

let dir: string;
let child: ChildProcess | undefined;
let output = '';

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise(resolve => child!.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(
      () => process.kill(-child!.pid!, 'SIGKILL'),
      15_000,
    );
    await exited;
    clearTimeout(timer);
  }
  removeTempDir(dir);
});

it('runs the dev backend and the backstage-cli dev app on 127.0.0.1, and the app shows the repository', async () => {
  dir = makeTempDir('npm-start');
  const [appPort, backendPort] = [await freePort(), await freePort()];
  const { scripts } = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  );
  const command: string = scripts['start:dev'].replace(
    /^npm run build && /,
    '',
  );
  expect(command).toMatch(/^node packages\/backstage-plugin\/dev\/start\.js/);
  const [file, ...args] = command.split(' ');
  child = spawn(file === 'node' ? process.execPath : file, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      APP_CONFIG_app_baseUrl: `http://localhost:${appPort}`,
      APP_CONFIG_backend_baseUrl: `http://localhost:${backendPort}`,
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_cors_origin: `http://localhost:${appPort}`,
      APP_CONFIG_backend_database_connection_directory: path.join(dir, 'db'),
      APP_CONFIG_pypi_storage_directory: path.join(dir, 'blobs'),
    },
  });
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready in 300 s:\n${output.slice(-4000)}`)),
      300_000,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (
        /compiled successfully/.test(output) &&
        /Plugin initialization complete/.test(output)
      ) {
        clearTimeout(timer);
        resolve();
      }
    };
    child!.stdout!.on('data', collect);
    child!.stderr!.on('data', collect);
    child!.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  // eslint-disable-next-line no-console
  console.log(`npm start ready in ${(Date.now() - started) / 1000} s`);

  // Guest sign-in and allow-all permissions: not reachable from the network.
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find(address => address && !address.internal && address.family === 'IPv4');
  for (const port of [appPort, backendPort]) {
    expect(await connects('127.0.0.1', port)).toBe(true);
    // Without a network interface there is nothing to be unreachable from.
    expect(external ? await connects(external.address, port) : false).toBe(
      false,
    );
  }

  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser);
    await page.goto(`http://localhost:${appPort}/pypi`);
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 120_000 });
    await page
      .getByText('PyPI repository default')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'User Guide' }).click();
    await page.getByText(/missing required fields: Name, Version/).waitFor();
  } finally {
    await browser.close();
  }
});
