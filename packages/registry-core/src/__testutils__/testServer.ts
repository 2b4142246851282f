import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerConfig } from '../config';
import { StandaloneServer, startStandaloneServer } from '../server';
import {
  createTestDatabase,
  TestDatabase,
  TestDatabaseKind,
} from './databases';

export interface TestServer {
  server: StandaloneServer;
  url: string;
  directory: string;
  tokens: {
    admin: string;
    publisher: string;
    reader: string;
    manager: string;
    otherRepo: string;
    revoked: string;
  };
  /** `Authorization` header value for a token. */
  auth(token: string): string;
  stop(): Promise<void>;
}

export const TEST_CONFIG: ServerConfig = {
  repositories: [
    { name: 'default', anonymousRead: true },
    { name: 'private', anonymousRead: false },
  ],
  maxUploadBytes: 300_000,
  retentionDays: 30,
};

/** A registry on a fresh database of the given kind, with one token of each kind. */
export async function startTestServer(
  kind: TestDatabaseKind,
  config: ServerConfig = TEST_CONFIG,
): Promise<TestServer> {
  const database: TestDatabase = await createTestDatabase(kind);
  // The server opens its own pool; the test database's pool only creates and drops.
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-http-'));
  const server = await startStandaloneServer({
    dataDirectory: directory,
    database: database.options,
    config,
    port: 0,
  });
  const tokens = server.registry.tokens;
  const make = async (
    name: string,
    scopes: ('read' | 'publish' | 'manage' | 'admin')[],
    repositories?: string[],
  ) => (await tokens.create({ name, scopes, repositories })).token;
  const revoked = await tokens.create({ name: 'revoked', scopes: ['admin'] });
  await tokens.revoke(revoked.record.id);
  return {
    server,
    url: server.url,
    directory,
    tokens: {
      admin: await make('admin', ['admin']),
      publisher: await make('publisher', ['publish']),
      reader: await make('reader', ['read']),
      manager: await make('manager', ['manage', 'publish']),
      otherRepo: await make('other', ['admin'], ['private']),
      revoked: revoked.token,
    },
    auth: token =>
      `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`,
    async stop() {
      await server.close();
      await database.cleanup();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface UploadOptions {
  token?: string;
  repository?: string;
  /** Fields to add or override (undefined removes a field). */
  fields?: Record<string, string | undefined>;
  filename?: string;
  content?: Buffer;
}

/** Uploads a file the way twine does: multipart form with metadata fields, digests and `content` last. */
export async function uploadFile(
  test: TestServer,
  file: string,
  options: UploadOptions = {},
): Promise<Response> {
  const crypto = await import('node:crypto');
  const content = options.content ?? fs.readFileSync(file);
  const filename = options.filename ?? path.basename(file);
  const [, name, version] =
    /^(.+?)-([^-]+?)(?:-py3-none-any\.whl|\.tar\.gz)$/.exec(
      path.basename(file),
    ) ?? [];
  const fields: Record<string, string | undefined> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name,
    version,
    filetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    pyversion: filename.endsWith('.whl') ? 'py3' : 'source',
    sha256_digest: crypto.createHash('sha256').update(content).digest('hex'),
    md5_digest: crypto.createHash('md5').update(content).digest('hex'),
    ...options.fields,
  };
  const form = new FormData();
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) form.append(key, value);
  form.append('content', new Blob([content]), filename);
  return fetch(`${test.url}/${options.repository ?? 'default'}/`, {
    method: 'POST',
    body: form,
    headers:
      options.token === ''
        ? {}
        : { authorization: test.auth(options.token ?? test.tokens.publisher) },
  });
}
