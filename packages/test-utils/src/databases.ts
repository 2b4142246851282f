/**
 * Throw-away databases for tests: a temporary SQLite file, or a new PostgreSQL database on the server named by
 * WHEELHOUSE_TEST_PG_URL. PostgreSQL must be reachable: no test skips silently without it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Every store test runs on both databases the registry supports. */
export const TEST_DATABASES = ['sqlite', 'postgres'] as const;
export type TestDatabaseKind = (typeof TEST_DATABASES)[number];

export const PG_ADMIN_URL =
  process.env.WHEELHOUSE_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresDatabase {
  url: string;
  name: string;
  /** Ends the other sessions on it and drops it; a second call does nothing. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: PG_ADMIN_URL,
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot connect to PostgreSQL at ${PG_ADMIN_URL} (set WHEELHOUSE_TEST_PG_URL, or run .ci/run which starts it): ${
        (err as Error).message
      }`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty PostgreSQL database. */
export async function createPostgresDatabase(
  prefix = 'wh_test',
): Promise<PostgresDatabase> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(client => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin(async client => {
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    },
  };
}

/** How the registry connects to a database (registry-core's DatabaseOptions, without the timeouts). */
export type TestDatabaseOptions =
  { client: 'sqlite'; filename: string } | { client: 'pg'; connection: string };

export interface TestDatabase<K> {
  options: TestDatabaseOptions;
  knex: K;
  /** Destroys the connection pool and removes the database. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, empty database of the given kind, opened with `connect` (registry-core's `createDatabase`, so tests
 * use the registry's own pool and SQLite settings; this package does not depend on the server).
 */
export async function createTestDatabase<
  K extends { destroy(): Promise<void> },
>(
  kind: TestDatabaseKind,
  connect: (options: TestDatabaseOptions) => K,
): Promise<TestDatabase<K>> {
  if (kind === 'sqlite') {
    const directory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'wheelhouse-unit-'),
    );
    const options: TestDatabaseOptions = {
      client: 'sqlite',
      filename: path.join(directory, 'test.sqlite'),
    };
    const knex = connect(options);
    return {
      options,
      knex,
      async cleanup() {
        await knex.destroy();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const database = await createPostgresDatabase('wh_unit');
  const options: TestDatabaseOptions = {
    client: 'pg',
    connection: database.url,
  };
  const knex = connect(options);
  return {
    options,
    knex,
    async cleanup() {
      await knex.destroy();
      await database.drop();
    },
  };
}
