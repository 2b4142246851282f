// Starts the development Backstage backend (packages/backstage-backend/dev) with the pypi plugin, as its own process
// on the server core, on SQLite and local storage in `dataDir`; as test/support/backstage.ts does for the e2e tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { freePort, pinned, waitFor } from './util.mjs';

const DEV_ENTRY = path.join(ROOT, 'packages/backstage-backend/dev/index.js');
const DEV_CONFIG = path.join(
  ROOT,
  'packages/backstage-backend/dev/app-config.yaml',
);

export async function startBackstage({ dataDir, nodeArgs = [], env = {} }) {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    backend: {
      baseUrl: url,
      listen: { port, host: '127.0.0.1' },
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(dataDir, 'db') },
      },
    },
    pypi: {
      repositories: [{ name: 'default', anonymousRead: true }],
      storage: { type: 'local', directory: path.join(dataDir, 'blobs') },
    },
  };
  const configFile = path.join(dataDir, 'app-config.bench.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const [command, args] = pinned('server', process.execPath, [
    ...nodeArgs,
    DEV_ENTRY,
    '--config',
    DEV_CONFIG,
    '--config',
    configFile,
  ]);
  const child = spawn(command, args, {
    cwd: ROOT,
    // Production logging settings would still log every request: Backstage's root router does.
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = chunk => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise(resolve => child.once('exit', resolve));
  await waitFor(
    `Backstage on ${url}`,
    () => {
      if (child.exitCode !== null)
        throw new Error(`Backstage exited:\n${output.slice(-4000)}`);
      return /Plugin initialization complete/.test(output);
    },
    120_000,
  );
  const guest = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!guest.ok)
    throw new Error(`guest sign-in: ${guest.status} ${await guest.text()}`);
  const user = (await guest.json()).backstageIdentity.token;
  const minted = await fetch(`${url}/api/pypi/api/v1/me/tokens`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${user}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'bench', scopes: ['publish'] }),
  });
  if (minted.status !== 201)
    throw new Error(`token: ${minted.status} ${await minted.text()}`);
  return {
    url,
    pypi: `${url}/api/pypi`,
    pid: child.pid,
    token: (await minted.json()).token,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
