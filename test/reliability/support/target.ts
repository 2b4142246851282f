/**
 * The registry under test. The suites talk to it only through `baseUrl`, the three repositories and the tokens, so
 * they can later be pointed at another deployment (the Backstage-hosted registry under `/api/pypi`):
 *
 *   WHEELHOUSE_RELIABILITY_URL=http://127.0.0.1:7007/api/pypi        base URL of the mounted registry (loopback only)
 *   WHEELHOUSE_RELIABILITY_ADMIN_TOKEN=whl_...                       an unrestricted admin token there
 *   WHEELHOUSE_RELIABILITY_REPOSITORIES=public,private,other         anonymous-read, private, and a third repository
 *
 * Without them each suite starts its own standalone server from the built CLI (SQLite or PostgreSQL) on loopback,
 * which also gives the tests the server's process (kill, restart, RSS) and its data directory (blobs, staging).
 * Package names are unique per run (`target.name()`), so a shared deployment is never confused by earlier runs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase } from '../../support/postgres';
import { RunningRegistry, startRegistry } from '../../support/registry';
import { makeTempDir, removeTempDir } from '../../support/tmp';
import {
  assertLoopback,
  basicAuth,
  closeIdleSockets,
  mustRequest,
  RawRequestOptions,
  RawResponse,
} from './http';

export type Backend = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL unless WHEELHOUSE_E2E_SKIP_PG=1 (as in the other end-to-end tests). */
export const BACKENDS: Backend[] =
  process.env.WHEELHOUSE_E2E_SKIP_PG === '1'
    ? ['sqlite']
    : ['sqlite', 'postgres'];

export interface Repositories {
  /** Allows anonymous reads. */
  public: string;
  /** Needs a token to read. */
  private: string;
  /** Where the `elsewhere` token is valid, and nothing else is. */
  other: string;
}

/** One token per kind of caller the auth matrix knows. */
export interface Tokens {
  admin: string;
  read: string;
  publish: string;
  manage: string;
  /** An admin token limited to the `other` repository. */
  elsewhere: string;
  /** An admin token that has been revoked. */
  revoked: string;
}

/** What only a server started by the tests offers. */
export interface LocalServer {
  backend: Backend;
  dataDir: string;
  databaseUrl?: string;
  /** `blobs/.staging` under the data directory: uploads in flight. */
  stagingDir: string;
  blobDir: string;
  pid(): number;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same data (a new port: `target.baseUrl` changes). */
  restart(): Promise<void>;
  /** Everything the server wrote to stderr, over all its runs. */
  stderr(): string;
  /** Lines the server logged as unexpected errors (every 500 is logged as `error: ...`). */
  errorLines(): string[];
}

export interface ReliabilityTarget {
  baseUrl: string;
  repos: Repositories;
  tokens: Tokens;
  /** Present when the suite started the server itself. */
  local?: LocalServer;
  /** A project name unique to this run: `rel-<run>-<label>`. */
  name(label: string): string;
  /** A request to `${baseUrl}${pathname}` (pathname starts with `/`), with the token if given. */
  request(
    pathname: string,
    options?: RawRequestOptions & { token?: string },
  ): Promise<RawResponse>;
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  backend?: Backend;
  /** Largest accepted upload, bytes (standalone only). */
  maxUploadBytes?: number;
  label?: string;
}

const DEFAULT_REPOSITORIES: Repositories = {
  public: 'public',
  private: 'private',
  other: 'other',
};
const ADMIN_LINE = /shown only this once:\s*\n\s*(whl_\S+)/;

export async function startTarget(
  options: StartTargetOptions = {},
): Promise<ReliabilityTarget> {
  const remote = process.env.WHEELHOUSE_RELIABILITY_URL;
  if (remote) return remoteTarget(remote);
  return standaloneTarget(options);
}

/** True when the suites run against a deployment they did not start (no process, no data directory). */
export const REMOTE = Boolean(process.env.WHEELHOUSE_RELIABILITY_URL);

function runId(): string {
  return crypto.randomBytes(3).toString('hex');
}

function makeTarget(
  state: { baseUrl: string },
  repos: Repositories,
  tokens: Tokens,
  stop: () => Promise<void>,
  local?: LocalServer,
): ReliabilityTarget {
  const run = runId();
  return {
    get baseUrl() {
      return state.baseUrl;
    },
    repos,
    tokens,
    local,
    name: label => `rel-${run}-${label}`,
    request: (pathname, options = {}) => {
      const headers = { ...options.headers };
      if (options.token) headers.authorization = basicAuth(options.token);
      return mustRequest(`${state.baseUrl}${pathname}`, {
        ...options,
        headers,
      });
    },
    stop: async () => {
      closeIdleSockets();
      await stop();
    },
  };
}

async function provisionTokens(
  baseUrl: string,
  admin: string,
  repos: Repositories,
): Promise<Tokens> {
  const create = async (
    name: string,
    scopes: string[],
    repositories?: string[],
  ) => {
    const response = await mustRequest(`${baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(admin),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name, scopes, repositories }),
    });
    if (response.status !== 201)
      throw new Error(
        `creating token ${name}: ${response.status} ${response.text}`,
      );
    return response.json as { token: string; id: string };
  };
  const suffix = runId();
  const revoked = await create(`rel-revoked-${suffix}`, ['admin']);
  const revoke = await mustRequest(`${baseUrl}/api/v1/tokens/${revoked.id}`, {
    method: 'DELETE',
    headers: { authorization: basicAuth(admin) },
  });
  if (revoke.status !== 200)
    throw new Error(`revoking a token: ${revoke.status} ${revoke.text}`);
  return {
    admin,
    read: (await create(`rel-read-${suffix}`, ['read'])).token,
    publish: (await create(`rel-publish-${suffix}`, ['publish'])).token,
    manage: (await create(`rel-manage-${suffix}`, ['manage'])).token,
    elsewhere: (
      await create(`rel-elsewhere-${suffix}`, ['admin'], [repos.other])
    ).token,
    revoked: revoked.token,
  };
}

async function remoteTarget(baseUrl: string): Promise<ReliabilityTarget> {
  assertLoopback(baseUrl);
  const admin = process.env.WHEELHOUSE_RELIABILITY_ADMIN_TOKEN;
  if (!admin)
    throw new Error(
      'WHEELHOUSE_RELIABILITY_URL needs WHEELHOUSE_RELIABILITY_ADMIN_TOKEN',
    );
  const [pub, priv, other] = (
    process.env.WHEELHOUSE_RELIABILITY_REPOSITORIES ?? 'public,private,other'
  ).split(',');
  const repos = { public: pub, private: priv, other };
  const url = baseUrl.replace(/\/+$/, '');
  const tokens = await provisionTokens(url, admin, repos);
  return makeTarget({ baseUrl: url }, repos, tokens, async () => undefined);
}

async function standaloneTarget(
  options: StartTargetOptions,
): Promise<ReliabilityTarget> {
  const backend = options.backend ?? 'sqlite';
  const workDir = makeTempDir(
    `reliability-${options.label ?? 'server'}-${backend}`,
  );
  const dataDir = path.join(workDir, 'data');
  const database =
    backend === 'postgres' ? await createTestDatabase() : undefined;
  const repos = DEFAULT_REPOSITORIES;
  const config = {
    repositories: [
      { name: repos.public, anonymousRead: true },
      { name: repos.private, anonymousRead: false },
      { name: repos.other, anonymousRead: false },
    ],
    ...(options.maxUploadBytes
      ? { maxUploadBytes: options.maxUploadBytes }
      : {}),
    retentionDays: 30,
  };
  let stderrBefore = '';
  let registry: RunningRegistry;
  const state = { baseUrl: '' };
  const start = async () => {
    registry = await startRegistry({
      dataDir,
      databaseUrl: database?.url,
      config,
    });
    state.baseUrl = registry.url;
  };
  try {
    await start();
  } catch (error) {
    await database?.drop();
    removeTempDir(workDir);
    throw error;
  }
  const admin = ADMIN_LINE.exec(registry!.output().stdout)?.[1];
  if (!admin)
    throw new Error(
      `the server did not print its bootstrap admin token:\n${registry!.output().stdout}`,
    );

  const exited = (child: RunningRegistry) =>
    new Promise<void>(resolve => {
      if (child.process.exitCode !== null || child.process.signalCode !== null)
        resolve();
      else child.process.once('exit', () => resolve());
    });
  const local: LocalServer = {
    backend,
    dataDir,
    databaseUrl: database?.url,
    blobDir: path.join(dataDir, 'blobs'),
    stagingDir: path.join(dataDir, 'blobs', '.staging'),
    pid: () => registry.process.pid!,
    kill: async () => {
      const done = exited(registry);
      registry.kill('SIGKILL');
      await done;
      stderrBefore += registry.output().stderr;
    },
    restart: async () => {
      if (
        registry.process.exitCode === null &&
        registry.process.signalCode === null
      )
        await local.kill();
      await start();
    },
    stderr: () => stderrBefore + registry.output().stderr,
    errorLines: () =>
      local
        .stderr()
        .split('\n')
        .filter(line => /^error:/.test(line)),
  };
  const tokens = await provisionTokens(state.baseUrl, admin, repos);
  const stop = async () => {
    await registry.stop();
    await database?.drop();
    removeTempDir(workDir);
  };
  return makeTarget(state, repos, tokens, stop, local);
}

/** Reads VmRSS (resident memory, KiB) of a process from /proc. */
export function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Open file descriptors of a process (a leak shows here before it shows anywhere else). */
export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}
