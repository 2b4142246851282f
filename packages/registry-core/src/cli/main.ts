#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseTokenStore } from '../auth/DatabaseTokenStore';
import {
  isPypiScope,
  PypiScope,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { loadServerConfig } from '../config';
import { notifyReplicas } from '../events/PostgresChangeFeed';
import {
  createDatabase,
  DatabaseOptions,
  migrateDatabase,
  parseDatabaseUrl,
} from '../db/createDatabase';
import { startStandaloneServer } from '../server';

const USAGE = `Usage:
  wheelhouse serve [--host 127.0.0.1] [--port 8080] [--data-dir .wheelhouse] [--database-url URL] [--config FILE]
  wheelhouse token create --name NAME [--scopes read,publish,manage,admin] [--repositories a,b] [--owner WHO]
  wheelhouse token list
  wheelhouse token revoke ID

Common options: --data-dir (default .wheelhouse, or $WHEELHOUSE_DATA_DIR), --database-url (default: SQLite in the
data dir, or $WHEELHOUSE_DATABASE_URL; postgres://user@host/db for PostgreSQL). HTTP timeouts are the "server"
object of the --config file (headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, idleTimeoutMs, bodyTimeoutMs).`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  config: { type: 'string' },
  name: { type: 'string' },
  scopes: { type: 'string' },
  repositories: { type: 'string' },
  owner: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  if (values.help || !positionals.length) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDirectory = path.resolve(
    values['data-dir'] ?? process.env.WHEELHOUSE_DATA_DIR ?? '.wheelhouse',
  );
  const databaseUrl =
    values['database-url'] ?? process.env.WHEELHOUSE_DATABASE_URL;
  const database: DatabaseOptions = databaseUrl
    ? parseDatabaseUrl(databaseUrl)
    : {
        client: 'sqlite',
        filename: path.join(dataDirectory, 'wheelhouse.sqlite'),
      };

  const [command, subcommand, argument] = positionals;
  if (command === 'serve') return serve(values, dataDirectory, database);
  if (command === 'token') return token(subcommand, argument, values, database);
  console.error(`Unknown command ${command}\n\n${USAGE}`);
  return 2;
}

async function serve(
  values: Record<string, any>,
  dataDirectory: string,
  database: DatabaseOptions,
): Promise<number> {
  const config = loadServerConfig(values.config);
  const server = await startStandaloneServer({
    dataDirectory,
    database,
    config,
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 8080 : Number(values.port),
    log: message => console.error(message),
  });
  const tokens = await server.registry.tokens.list();
  if (!tokens.length) {
    const created = await server.registry.tokens.create({
      name: 'bootstrap-admin',
      scopes: ['admin'],
    });
    console.log(
      `No API tokens existed, so an admin token was created. It is shown only this once:\n  ${created.token}`,
    );
  }
  const repositories = await server.registry.management.listRepositories();
  for (const repository of repositories) {
    console.log(
      `Repository ${repository.name}: pip install --index-url ${server.url}/${repository.name}/simple/ <package>`,
    );
  }
  console.log(`Wheelhouse listening on ${server.url}/`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

async function token(
  subcommand: string | undefined,
  argument: string | undefined,
  values: Record<string, any>,
  options: DatabaseOptions,
): Promise<number> {
  const database = createDatabase(options);
  try {
    await migrateDatabase(database);
    const tokens = new DatabaseTokenStore(database);
    if (subcommand === 'create') {
      if (!values.name) throw new Error('token create needs --name');
      const scopes = String(values.scopes ?? 'read')
        .split(',')
        .map(scope => scope.trim());
      const invalid = scopes.filter(scope => !isPypiScope(scope));
      if (invalid.length)
        throw new Error(
          `Unknown scope ${invalid.join(', ')}; use read, publish, manage, admin`,
        );
      const repositories = values.repositories
        ? String(values.repositories)
            .split(',')
            .map(name => name.trim())
        : undefined;
      const created = await tokens.create({
        name: values.name,
        scopes: scopes as PypiScope[],
        repositories,
        owner: values.owner,
      });
      console.log(created.token);
      return 0;
    }
    if (subcommand === 'list') {
      for (const record of await tokens.list()) {
        const state = record.revokedAt ? 'revoked' : 'active';
        console.log(
          `${record.id}\t${record.name}\t${record.scopes.join(',')}\t${record.repositories?.join(',') ?? '*'}\t${state}`,
        );
      }
      return 0;
    }
    if (subcommand === 'revoke') {
      if (!argument) throw new Error('token revoke needs the token id');
      if (!(await tokens.revoke(argument)))
        throw new Error(`No active token ${argument}`);
      // Running replicas on PostgreSQL drop their cached verification of it at once; a server on SQLite stops
      // accepting it when that expires (CachingTokenStore's TTL).
      await notifyReplicas(database, { type: 'token', tokenId: argument });
      console.log(`Revoked ${argument}`);
      return 0;
    }
    throw new Error(`Unknown token command ${subcommand ?? ''}\n\n${USAGE}`);
  } finally {
    await database.destroy();
  }
}

main(process.argv.slice(2)).then(
  code => {
    if (code !== 0) process.exitCode = code;
  },
  error => {
    console.error(`wheelhouse: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
