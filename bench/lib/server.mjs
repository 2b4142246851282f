// Starts Wheelhouse as a separate process (the built CLI, or bench/serve.mjs for the download-counting variants), so
// its memory can be read from /proc and its CPU is its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pinned, startProcess, waitFor } from './util.mjs';

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const CLI = path.join(ROOT, 'packages/registry-core/dist/cli/main.js');
export const SERVE_VARIANT = path.join(ROOT, 'bench/serve.mjs');

/**
 * `node [nodeArgs] <CLI> serve --data-dir <dir> [--database-url <url>]`, or the bench wrapper with `script`/`extraArgs`.
 * Resolves once it listens, with its URL, pid and the bootstrap admin token it printed (a fresh database has none).
 */
export async function startWheelhouse({
  dataDir,
  databaseUrl,
  script = CLI,
  extraArgs = [],
  config,
  nodeArgs = [],
}) {
  const port = await freePort();
  const args = [
    ...nodeArgs,
    script,
    'serve',
    '--data-dir',
    dataDir,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  if (config) {
    const file = path.join(dataDir, 'bench-config.json');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  args.push(...extraArgs);
  // taskset execs the command: the pid stays the server's own.
  const proc = startProcess(...pinned('server', process.execPath, args), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `wheelhouse on ${url}`,
    () => {
      if (proc.child.exitCode !== null)
        throw new Error(
          `wheelhouse exited:\n${proc.output.stdout}\n${proc.output.stderr}`,
        );
      return proc.output.stdout.includes('Wheelhouse listening on');
    },
    120_000,
  );
  const token = /^\s+(whl_\S+)$/m.exec(proc.output.stdout)?.[1];
  return {
    url,
    pid: proc.pid,
    token,
    output: proc.output,
    auth: token
      ? `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`
      : undefined,
    async stop() {
      await proc.stop('SIGTERM', 15_000);
    },
  };
}
