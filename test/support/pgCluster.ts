/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl from /usr/lib/postgresql/15/bin, or $WHEELHOUSE_PG_BIN) on a
 * free port, which the test may stop, start, freeze (SIGSTOP to the postmaster and every backend) and thaw. As root,
 * the cluster runs as the `postgres` user (PostgreSQL refuses root) through runuser.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from './tmp';
import { freePort } from './freePort';

const BIN = process.env.WHEELHOUSE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  port: number;
  /** A database URL on the cluster (the database must exist: createDatabase). */
  url(database: string): string;
  createDatabase(name: string): void;
  start(): void;
  /** pg_ctl stop -m immediate: every connection is cut at once. */
  stop(): void;
  /** SIGSTOP to the postmaster and all its children: connections stay open and nothing answers. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

export async function startPgCluster(): Promise<PgCluster> {
  if (!fs.existsSync(path.join(BIN, 'pg_ctl')))
    throw new Error(
      `${BIN}/pg_ctl not found: install postgresql-15 (npm run setup:test) or set WHEELHOUSE_PG_BIN`,
    );
  const root = makeTempDir('pg-cluster');
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(BIN, command),
      asRoot
        ? ['-u', 'postgres', '--', path.join(BIN, command), ...args]
        : args,
      { stdio: 'pipe', timeout: 60_000 },
    );
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  let frozen: number[] = [];
  const processes = (): number[] => {
    const pid = Number(
      fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const children = execFileSync('pgrep', ['-P', String(pid)], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [pid, ...children];
  };
  const cluster: PgCluster = {
    port,
    url: database => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase(name) {
      run('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-c',
        `create database ${name}`,
      ]);
    },
    start() {
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(root, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    freeze() {
      frozen = processes();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
      frozen = [];
    },
    destroy() {
      cluster.thaw();
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // not running
      }
      removeTempDir(root);
    },
  };
  cluster.start();
  return cluster;
}
