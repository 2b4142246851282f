import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/** Where the registry keeps its metadata: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseOptions =
  { client: 'sqlite'; filename: string } | { client: 'pg'; connection: string };

/** The knex migrations shipped with the package (plain JS, so Backstage can load them uncompiled). */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '../../migrations');

/** Creates a knex instance for the options; SQLite gets WAL mode and foreign keys turned on. */
export function createDatabase(options: DatabaseOptions): Knex {
  if (options.client === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: options.connection,
      pool: { min: 0, max: 10 },
    });
  }
  if (options.filename !== ':memory:')
    fs.mkdirSync(path.dirname(options.filename), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: options.filename },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous: one connection serialises writers, which is what SQLite wants anyway.
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        connection: { pragma(text: string): unknown },
        done: (error: Error | null) => void,
      ) {
        connection.pragma('journal_mode = WAL');
        connection.pragma('foreign_keys = ON');
        connection.pragma('busy_timeout = 5000');
        done(null);
      },
    },
  });
}

/** Parses a `--database-url`: `postgres://…` / `postgresql://…` or `sqlite:path` / a plain file path. */
export function parseDatabaseUrl(url: string): DatabaseOptions {
  if (/^postgres(ql)?:\/\//.test(url)) return { client: 'pg', connection: url };
  return { client: 'sqlite', filename: url.replace(/^sqlite:/, '') };
}

/** Brings the schema up to date. */
export async function migrateDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: MIGRATIONS_DIRECTORY,
    tableName: 'wh_knex_migrations',
    loadExtensions: ['.js'],
  });
}
