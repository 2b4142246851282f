import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { createDatabase, DatabaseOptions } from '../db/createDatabase';

/** Every store test runs on both databases the registry supports. PostgreSQL must be reachable: no silent skip. */
export const TEST_DATABASES = ['sqlite', 'postgres'] as const;
export type TestDatabaseKind = (typeof TEST_DATABASES)[number];

export const PG_ADMIN_URL =
  process.env.WHEELHOUSE_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  options: DatabaseOptions;
  knex: Knex;
  /** Destroys the connection pool and removes the database. */
  cleanup(): Promise<void>;
}

/** A fresh, empty database of the given kind: a temporary SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(
  kind: TestDatabaseKind,
): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const directory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'wheelhouse-unit-'),
    );
    const options: DatabaseOptions = {
      client: 'sqlite',
      filename: path.join(directory, 'test.sqlite'),
    };
    const knex = createDatabase(options);
    return {
      options,
      knex,
      async cleanup() {
        await knex.destroy();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const name = `wh_unit_${crypto.randomBytes(6).toString('hex')}`;
  const admin = knexFactory({
    client: 'pg',
    connection: PG_ADMIN_URL,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const options: DatabaseOptions = { client: 'pg', connection: url.toString() };
  const knex = createDatabase(options);
  return {
    options,
    knex,
    async cleanup() {
      await knex.destroy();
      const cleaner = knexFactory({
        client: 'pg',
        connection: PG_ADMIN_URL,
        pool: { min: 0, max: 1 },
      });
      try {
        await cleaner.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await cleaner.destroy();
      }
    },
  };
}
