/** Starting the Wheelhouse server and creating tokens through its CLI (packages/registry-core/dist/cli/main.js). */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describeFailure, run } from './exec';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The built CLI; WHEELHOUSE_E2E_CLI points the tests at another build. */
export const CLI =
  process.env.WHEELHOUSE_E2E_CLI ??
  path.join(REPO_ROOT, 'packages', 'registry-core', 'dist', 'cli', 'main.js');

const LISTENING = /Wheelhouse listening on (http:\/\/\S+?)\/?$/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface StartRegistryOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Written to <dataDir>/wheelhouse-e2e-config.json and passed with --config. */
  config?: object;
  env?: NodeJS.ProcessEnv;
}

export interface RunningRegistry {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  process: ChildProcess;
  /** Output captured so far (for diagnostics). */
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

function assertCliBuilt(): void {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  }
}

function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test', ...extra };
}

export function startRegistry(
  options: StartRegistryOptions,
): Promise<RunningRegistry> {
  assertCliBuilt();
  fs.mkdirSync(options.dataDir, { recursive: true });
  const args = [
    CLI,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--data-dir',
    options.dataDir,
  ];
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  if (options.config) {
    const configFile = path.join(options.dataDir, 'wheelhouse-e2e-config.json');
    fs.writeFileSync(configFile, JSON.stringify(options.config, null, 2));
    args.push('--config', configFile);
  }

  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: serverEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  if (process.env.WHEELHOUSE_E2E_SERVER_LOG === '1') {
    child.stdout!.on('data', (chunk: string) =>
      process.stdout.write(`[wheelhouse] ${chunk}`),
    );
    child.stderr!.on('data', (chunk: string) =>
      process.stderr.write(`[wheelhouse] ${chunk}`),
    );
  }

  const exited = new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const registry = (url: string): RunningRegistry => ({
    url,
    process: child,
    output: () => ({ stdout, stderr }),
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      child.kill(signal);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    let buffered = '';
    const timer = setTimeout(
      () =>
        fail(
          `did not print "Wheelhouse listening on ..." within ${START_TIMEOUT_MS} ms`,
        ),
      START_TIMEOUT_MS,
    );
    function fail(why: string) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(
          `wheelhouse serve ${why}\ncommand: node ${args.join(' ')}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
        ),
      );
    }
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      if (settled) return;
      buffered += chunk;
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = LISTENING.exec(line.trim());
        if (match) {
          settled = true;
          clearTimeout(timer);
          resolve(registry(match[1].replace(/\/+$/, '')));
          return;
        }
      }
    });
    child.once('error', err => fail(`could not be started: ${err.message}`));
    child.once('exit', (code, signal) =>
      fail(`exited (code ${code}, signal ${signal}) before listening`),
    );
  });
}

export interface CreateTokenOptions {
  dataDir: string;
  databaseUrl?: string;
  name: string;
  scopes: string[];
  repositories?: string[];
  env?: NodeJS.ProcessEnv;
}

/** `wheelhouse token create ...`; resolves to the token, which the CLI prints alone on stdout. */
export async function createToken(
  options: CreateTokenOptions,
): Promise<string> {
  assertCliBuilt();
  const args = [CLI, 'token', 'create', '--data-dir', options.dataDir];
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  args.push('--name', options.name, '--scopes', options.scopes.join(','));
  if (options.repositories?.length)
    args.push('--repositories', options.repositories.join(','));
  const result = await run(process.execPath, args, {
    cwd: REPO_ROOT,
    env: serverEnv(options.env),
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(describeFailure('node', args, result));
  const token = result.stdout.trim();
  if (!token || /\s/.test(token)) {
    throw new Error(
      `expected \`token create\` to print the token alone on stdout, got:\n${describeFailure('node', args, result)}`,
    );
  }
  return token;
}
