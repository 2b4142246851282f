/** Starting the development Backstage backend (packages/backstage-backend/dev) with the pypi plugin, for e2e tests. */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expectSuccess } from './exec';
import { REPO_ROOT } from './registry';
import { twineUpload } from './twine';
import { freePort } from './freePort';

const DEV_ENTRY = path.join(
  REPO_ROOT,
  'packages',
  'backstage-backend',
  'dev',
  'index.js',
);
const DEV_CONFIG = path.join(
  REPO_ROOT,
  'packages',
  'backstage-backend',
  'dev',
  'app-config.yaml',
);
const READY = /Plugin initialization complete/;

export interface BackstageOptions {
  dataDir: string;
  /** A PostgreSQL database URL (plugins get a schema each); SQLite files under dataDir otherwise. */
  databaseUrl?: string;
  /** Blob directory; replicas share one. Defaults to <dataDir>/blobs. */
  blobDir?: string;
  /** Store blobs in this S3 bucket (under a prefix) instead of a directory. */
  s3?: {
    endpoint: string;
    bucket: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    prefix: string;
  };
  /** More `pypi.*` settings (e.g. oidc, trustedPublishers). */
  pypi?: Record<string, unknown>;
}

export interface RunningBackstage {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** `<url>/api/pypi` */
  pypi: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startBackstage(
  options: BackstageOptions,
): Promise<RunningBackstage> {
  if (
    !fs.existsSync(
      path.join(
        REPO_ROOT,
        'packages',
        'backstage-backend',
        'dist',
        'index.cjs.js',
      ),
    )
  ) {
    throw new Error(
      'packages/backstage-backend/dist is missing: run `npm run build` first',
    );
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const database = options.databaseUrl
    ? {
        client: 'pg',
        connection: options.databaseUrl,
        pluginDivisionMode: 'schema',
      }
    : {
        client: 'better-sqlite3',
        connection: { directory: path.join(options.dataDir, 'db') },
      };
  const config = {
    backend: { baseUrl: url, listen: { port, host: '127.0.0.1' }, database },
    pypi: {
      repositories: [
        { name: 'default', anonymousRead: true },
        { name: 'private', anonymousRead: false },
      ],
      storage: options.s3
        ? {
            type: 's3',
            bucket: options.s3.bucket,
            region: options.s3.region,
            endpoint: options.s3.endpoint,
            forcePathStyle: true,
            prefix: options.s3.prefix,
            stagingDirectory: path.join(options.dataDir, 'staging'),
            credentials: {
              accessKeyId: options.s3.accessKeyId,
              secretAccessKey: options.s3.secretAccessKey,
            },
          }
        : {
            type: 'local',
            directory: options.blobDir ?? path.join(options.dataDir, 'blobs'),
          },
      downloadFlushFrequency: { seconds: 1 },
      ...options.pypi,
    },
  };
  const configFile = path.join(options.dataDir, `app-config.${port}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = spawn(
    process.execPath,
    [DEV_ENTRY, '--config', DEV_CONFIG, '--config', configFile],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `Backstage did not start within 60 s:\n${output.slice(-4000)}`,
          ),
        ),
      60_000,
    );
    const check = () => {
      if (READY.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(
          `Backstage exited with ${code} before it was ready:\n${output.slice(-4000)}`,
        ),
      );
    });
  });

  return {
    url,
    pypi: `${url}/api/pypi`,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A Backstage user token from the guest sign-in of the dev backend. */
export async function guestToken(backstage: RunningBackstage): Promise<string> {
  const response = await fetch(`${backstage.url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok)
    throw new Error(
      `guest sign-in failed: ${response.status} ${await response.text()}`,
    );
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

/** Creates a personal registry token through the plugin's API, as the portal's "create token" button does. */
export async function personalToken(
  backstage: RunningBackstage,
  userToken: string,
  scopes: string[],
): Promise<string> {
  const response = await fetch(`${backstage.pypi}/api/v1/me/tokens`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${userToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: `e2e-${Date.now()}`, scopes }),
  });
  if (response.status !== 201)
    throw new Error(
      `token creation failed: ${response.status} ${await response.text()}`,
    );
  return ((await response.json()) as { token: string }).token;
}

export interface SignedInBackstage {
  backstage: RunningBackstage;
  /** The guest's Backstage token (Bearer for the plugin's API, as the portal sends it). */
  user: string;
  /** A personal registry token of the guest (twine's password). */
  token: string;
}

/** Starts the dev backend, signs in as its guest and creates the guest a personal token with these scopes. */
export async function startSignedInBackstage(
  options: BackstageOptions & { scopes: string[] },
): Promise<SignedInBackstage> {
  const { scopes, ...start } = options;
  const backstage = await startBackstage(start);
  try {
    const user = await guestToken(backstage);
    return {
      backstage,
      user,
      token: await personalToken(backstage, user, scopes),
    };
  } catch (error) {
    await backstage.stop();
    throw error;
  }
}

/** twine uploads these files to a repository of the plugin (`default` unless said), or throws with its output. */
export async function uploadToBackstage(options: {
  backstage: RunningBackstage;
  token: string;
  files: string[];
  repository?: string;
}): Promise<void> {
  const what = `twine upload to ${options.backstage.pypi}`;
  expectSuccess(
    await twineUpload({
      repositoryUrl: `${options.backstage.pypi}/${options.repository ?? 'default'}/`,
      username: '__token__',
      password: options.token,
      files: options.files,
    }),
    what,
  );
}
