import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/** Where the registry keeps its metadata: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseOptions = (
  { client: 'sqlite'; filename: string } | { client: 'pg'; connection: string }
) & { timeouts?: DatabaseTimeouts };

/** Bounds on waiting for the database, so that no request hangs on one that is down or frozen. */
export interface DatabaseTimeouts {
  /** Longest wait for a pooled connection, or for PostgreSQL to accept a new one (default 5000 ms). */
  acquireMs?: number;
  /** Longest a statement may take, enforced by PostgreSQL and, for a server that stopped answering, by the client (default 15000 ms). */
  statementMs?: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Required<DatabaseTimeouts> = {
  acquireMs: 5000,
  statementMs: 15_000,
};

/** The knex migrations shipped with the package (plain JS, so Backstage can load them uncompiled). */
// registry-core is compiled by tsc, never bundled, so dist/db/ sits two levels below the package's migrations/.
// eslint-disable-next-line no-restricted-syntax
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '../../migrations');

/** Creates a knex instance for the options; SQLite gets WAL mode and foreign keys turned on. */
export function createDatabase(options: DatabaseOptions): Knex {
  const timeouts = {
    acquireMs:
      options.timeouts?.acquireMs ?? DEFAULT_DATABASE_TIMEOUTS.acquireMs,
    statementMs:
      options.timeouts?.statementMs ?? DEFAULT_DATABASE_TIMEOUTS.statementMs,
  };
  if (options.client === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: {
        connectionString: options.connection,
        connectionTimeoutMillis: timeouts.acquireMs,
        // The server cancels a statement that runs too long; the client gives up on a server that does not answer.
        statement_timeout: timeouts.statementMs,
        query_timeout: timeouts.statementMs + 1000,
        keepAlive: true,
      } as Knex.PgConnectionConfig,
      acquireConnectionTimeout: timeouts.acquireMs,
      pool: {
        min: 0,
        max: 10,
        afterCreate(connection: unknown, done: (error: Error | null) => void) {
          disposeOnReadTimeout(connection);
          done(null);
        },
      },
    });
  }
  if (options.filename !== ':memory:')
    fs.mkdirSync(path.dirname(options.filename), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: options.filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: timeouts.acquireMs,
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

/**
 * The same timeouts on a knex instance someone else created (Backstage's database service): the pool's acquire
 * timeout, and on PostgreSQL the connect, statement and client read timeouts of every connection, present and future.
 */
export function applyDatabaseTimeouts(
  knex: Knex,
  options: DatabaseTimeouts = {},
): void {
  const timeouts = {
    acquireMs: options.acquireMs ?? DEFAULT_DATABASE_TIMEOUTS.acquireMs,
    statementMs: options.statementMs ?? DEFAULT_DATABASE_TIMEOUTS.statementMs,
  };
  const client = knex.client as {
    config: { client?: unknown };
    pool?: {
      acquireTimeoutMillis: number;
      free?: { resource: unknown }[];
      used?: { resource: unknown }[];
      on(
        event: 'createSuccess',
        fn: (id: number, resource: unknown) => void,
      ): void;
    };
    connectionSettings?: Record<string, unknown>;
  };
  if (client.pool) client.pool.acquireTimeoutMillis = timeouts.acquireMs;
  if (
    client.config.client !== 'pg' ||
    typeof client.connectionSettings !== 'object'
  )
    return;
  const settings = {
    connectionTimeoutMillis: timeouts.acquireMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1000,
  };
  Object.assign(client.connectionSettings, settings);
  client.pool?.on('createSuccess', (_id, connection) =>
    disposeOnReadTimeout(connection),
  );
  // Connections already open read query_timeout from their parameters at each query; their server-side
  // statement_timeout stays as it was (it is a startup parameter), so the client's timeout is what bounds them.
  for (const { resource } of [
    ...(client.pool?.free ?? []),
    ...(client.pool?.used ?? []),
  ]) {
    const parameters = (
      resource as { connectionParameters?: Record<string, unknown> }
    ).connectionParameters;
    if (parameters) parameters.query_timeout = settings.query_timeout;
    disposeOnReadTimeout(resource);
  }
}

type Callback = (error: Error | undefined, result: unknown) => void;

/**
 * node-pg gives up on a statement after query_timeout but keeps the connection, whose next statements then queue
 * behind the one the server is still running (or never answers). Such a connection is closed instead, and marked
 * so that knex's pool discards it.
 */
function disposeOnReadTimeout(connection: unknown): void {
  const client = connection as {
    query: (config: unknown, callback?: Callback) => unknown;
    connection?: { stream?: { destroy(): void } };
    __knex__disposed?: unknown;
    __wheelhouseGuarded?: boolean;
  };
  if (typeof client?.query !== 'function' || client.__wheelhouseGuarded) return;
  client.__wheelhouseGuarded = true;
  const query = client.query.bind(client);
  client.query = (config, callback) => {
    if (typeof callback !== 'function') return query(config, callback);
    return query(config, (error, result) => {
      if (error?.message === 'Query read timeout') {
        client.__knex__disposed = error;
        client.connection?.stream?.destroy();
      }
      callback(error, result);
    });
  };
}
