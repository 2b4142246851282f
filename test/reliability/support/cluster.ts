/**
 * Standalone registry servers (the built CLI, each its own process) sharing one database and one storage: replicas.
 * With `storage: 'local'` they share one data directory (its `blobs/`), with `'s3'` a fresh prefix of the radosgw test
 * bucket. Also used with one replica when a test needs the server's configuration in its hands.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import knexFactory, { Knex } from 'knex';
import {
  createTestS3Client,
  deleteTestPrefix,
  getTestS3Server,
  uniqueTestPrefix,
} from '@wheelhouse/test-utils/s3Server';
import { createTestDatabase } from '../../support/postgres';
import { RunningRegistry, startRegistry } from '../../support/registry';
import { makeTempDir, removeTempDir } from '../../support/tmp';
import { Distribution } from '@wheelhouse/test-utils/archiveBytes';
import { basicAuth, mustRequest, RawRequestOptions, RawResponse } from './http';
import { uploadBody } from './multipart';
import { Backend } from './target';

export interface ClusterOptions {
  replicas: number;
  backend: Backend;
  storage: 'local' | 's3';
  /** Merged into every server's configuration file. */
  config?: Record<string, unknown>;
  /** A database to use instead of a fresh one (PostgreSQL URL). */
  databaseUrl?: string;
  label: string;
}

export interface Replica {
  url: string;
  server: RunningRegistry;
  dataDir: string;
  request(
    pathname: string,
    options?: RawRequestOptions & { token?: string },
  ): Promise<RawResponse>;
  upload(
    dist: Distribution,
    options?: { repository?: string; token?: string },
  ): Promise<RawResponse>;
}

export interface Cluster {
  replicas: Replica[];
  admin: string;
  databaseUrl?: string;
  /** Keys of every blob in the shared storage. */
  listBlobs(): Promise<string[]>;
  /** The database, for checks (one connection). */
  database(): Knex;
  /** Everything the servers logged on stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

export const REPOSITORIES = ['public', 'other'];
const ADMIN_LINE = /shown only this once:\s*\n\s*(whl_\S+)/;

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const workDir = makeTempDir(`${options.label}-${options.backend}`);
  const owned =
    options.backend === 'postgres' && !options.databaseUrl
      ? await createTestDatabase()
      : undefined;
  const databaseUrl = options.databaseUrl ?? owned?.url;
  let s3: { client: S3Client; bucket: string; prefix: string } | undefined;
  const config: Record<string, unknown> = {
    repositories: REPOSITORIES.map(name => ({ name, anonymousRead: true })),
    retentionDays: null,
    ...options.config,
  };
  if (options.storage === 's3') {
    const server = await getTestS3Server();
    const prefix = uniqueTestPrefix();
    s3 = { client: createTestS3Client(server), bucket: server.bucket, prefix };
    config.storage = {
      type: 's3',
      bucket: server.bucket,
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      prefix,
      credentials: {
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
      },
    };
  }
  const dataDirOf = (index: number) =>
    options.storage === 'local'
      ? path.join(workDir, 'shared')
      : path.join(workDir, `replica-${index}`);
  const replicas: Replica[] = [];
  const tokens = { admin: '' };
  const stop = async () => {
    await Promise.all(replicas.map(replica => replica.server.stop()));
    if (s3) {
      await deleteTestPrefix(s3.client, s3.bucket, s3.prefix);
      s3.client.destroy();
    }
    await owned?.drop();
    removeTempDir(workDir);
  };
  try {
    for (let index = 0; index < options.replicas; index += 1) {
      const dataDir = dataDirOf(index);
      const server = await startRegistry({ dataDir, databaseUrl, config });
      // The first server of a fresh database creates the admin token.
      tokens.admin ||= ADMIN_LINE.exec(server.output().stdout)?.[1] ?? '';
      const request = (
        pathname: string,
        requestOptions: RawRequestOptions & { token?: string } = {},
      ) =>
        mustRequest(`${server.url}${pathname}`, {
          ...requestOptions,
          headers: {
            ...requestOptions.headers,
            ...(requestOptions.token
              ? { authorization: basicAuth(requestOptions.token) }
              : {}),
          },
        });
      replicas.push({
        url: server.url,
        server,
        dataDir,
        request,
        upload: (dist, uploadOptions = {}) =>
          uploadTo(
            request,
            dist,
            uploadOptions.token ?? tokens.admin,
            uploadOptions,
          ),
      });
    }
    if (!tokens.admin) throw new Error('no bootstrap admin token was printed');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    replicas,
    admin: tokens.admin,
    databaseUrl,
    async listBlobs() {
      if (s3) {
        const keys: string[] = [];
        let token: string | undefined;
        do {
          const page = await s3.client.send(
            new ListObjectsV2Command({
              Bucket: s3.bucket,
              Prefix: `${s3.prefix}blobs/`,
              ContinuationToken: token,
            }),
          );
          for (const object of page.Contents ?? [])
            keys.push(object.Key!.slice(object.Key!.lastIndexOf('/') + 1));
          token = page.NextContinuationToken;
        } while (token);
        return keys;
      }
      const blobDir = path.join(dataDirOf(0), 'blobs');
      const keys: string[] = [];
      for (const first of fs.existsSync(blobDir) ? fs.readdirSync(blobDir) : [])
        if (/^[0-9a-f]{2}$/.test(first))
          for (const second of fs.readdirSync(path.join(blobDir, first)))
            keys.push(...fs.readdirSync(path.join(blobDir, first, second)));
      return keys;
    },
    database: () =>
      databaseUrl
        ? knexFactory({
            client: 'pg',
            connection: databaseUrl,
            pool: { min: 0, max: 1 },
          })
        : knexFactory({
            client: 'better-sqlite3',
            connection: {
              filename: path.join(dataDirOf(0), 'wheelhouse.sqlite'),
            },
            useNullAsDefault: true,
            pool: { min: 1, max: 1 },
          }),
    stderr: () =>
      replicas.map(replica => replica.server.output().stderr).join('\n'),
    stop,
  };
}

/** A twine-like upload (multipart with the digests), through one replica. */
async function uploadTo(
  request: Replica['request'],
  dist: Distribution,
  token: string,
  options: { repository?: string },
): Promise<RawResponse> {
  const [name, version] = dist.filename.split('-');
  const multipart = uploadBody(dist, { name, version }, {});
  return request(`/${options.repository ?? REPOSITORIES[0]}/`, {
    method: 'POST',
    token,
    headers: { 'content-type': multipart.contentType },
    body: multipart.body,
    timeoutMs: 60_000,
  });
}

/** A random suffix for project names, so runs never meet. */
export function runSuffix(): string {
  return crypto.randomBytes(3).toString('hex');
}
