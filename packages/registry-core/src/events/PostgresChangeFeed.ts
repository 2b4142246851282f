import crypto from 'node:crypto';
import { Knex } from 'knex';
import { RegistryChange } from './ChangeFeed';
import { LocalChangeFeed } from './LocalChangeFeed';

export const CHANGE_CHANNEL = 'wheelhouse_changes';
/** How long to wait before listening again after the connection was lost. */
const RECONNECT_DELAY_MS = 1000;

/** The part of a pg client this feed uses. */
interface ListeningClient {
  query(sql: string): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string }) => void,
  ): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  removeAllListeners(): void;
}

interface KnexPgClient {
  acquireRawConnection(): Promise<ListeningClient>;
  destroyRawConnection(connection: ListeningClient): Promise<void>;
}

/**
 * Tells every replica listening on `database` of a change made by a process that is no replica itself (the CLI),
 * so that their caches drop it at once. Does nothing on databases other than PostgreSQL.
 */
export async function notifyReplicas(
  database: Knex,
  change: RegistryChange,
  channel = CHANGE_CHANNEL,
): Promise<void> {
  if (database.client.config.client !== 'pg') return;
  await database.raw('select pg_notify(?, ?)', [
    channel,
    JSON.stringify({ origin: 'cli', change }),
  ]);
}

export interface PostgresChangeFeedOptions {
  database: Knex;
  channel?: string;
  log?: (message: string) => void;
}

/**
 * The change feed of replicas sharing a PostgreSQL database: a change is delivered to this process's listeners at
 * once, and sent with NOTIFY to every replica, whose listeners hear it as soon as PostgreSQL delivers it (on a
 * connection of its own, LISTENing, outside the pool). Each process skips the notifications it sent itself. When the
 * listening connection is lost, notifications may have been missed: the feed reports `all` (every cache drops
 * everything) once it listens again, and the caches' TTLs bound what is stale in between.
 */
export class PostgresChangeFeed extends LocalChangeFeed {
  /** Tells this process's own notifications apart from the other replicas'. */
  private readonly origin = crypto.randomBytes(8).toString('hex');
  private readonly channel: string;
  private connection?: ListeningClient;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;

  private constructor(private readonly feedOptions: PostgresChangeFeedOptions) {
    super({
      onListenerError: error =>
        feedOptions.log?.(
          `error: a change listener failed: ${(error as Error)?.stack ?? error}`,
        ),
    });
    this.channel = feedOptions.channel ?? CHANGE_CHANNEL;
  }

  /** A feed already listening (so that no change made after startup is missed). */
  static async start(
    options: PostgresChangeFeedOptions,
  ): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(options);
    await feed.listen();
    return feed;
  }

  override publish(change: RegistryChange): void {
    this.deliver(change);
    const payload = JSON.stringify({ origin: this.origin, change });
    this.feedOptions.database
      .raw('select pg_notify(?, ?)', [this.channel, payload])
      .catch(error =>
        this.feedOptions.log?.(
          `error: could not tell the other replicas of a change (they see it when their caches expire): ${(error as Error).message}`,
        ),
      );
  }

  override async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      connection.removeAllListeners();
      // An 'error' after removing the listeners must not crash the process.
      connection.on('error', () => undefined);
      await this.client()
        .destroyRawConnection(connection)
        .catch(() => undefined);
    }
  }

  private client(): KnexPgClient {
    return this.feedOptions.database.client as unknown as KnexPgClient;
  }

  private async listen(): Promise<void> {
    const connection = await this.client().acquireRawConnection();
    connection.on('notification', message => this.receive(message));
    const lost = (error?: Error) => {
      if (this.connection !== connection || this.closed) return;
      this.connection = undefined;
      connection.removeAllListeners();
      connection.on('error', () => undefined);
      this.feedOptions.log?.(
        `error: lost the connection that hears other replicas' changes${error ? ` (${error.message})` : ''}; listening again`,
      );
      this.client()
        .destroyRawConnection(connection)
        .catch(() => undefined);
      this.reconnect();
    };
    connection.on('error', lost);
    connection.on('end', lost);
    try {
      await connection.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    } catch (error) {
      connection.removeAllListeners();
      connection.on('error', () => undefined);
      await this.client()
        .destroyRawConnection(connection)
        .catch(() => undefined);
      throw error;
    }
    this.connection = connection;
  }

  private reconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => {
          if (this.closed) {
            void this.close();
            return;
          }
          // Whatever happened while nobody listened is unknown: every cache starts over.
          this.deliver({ type: 'all' });
        },
        error => {
          this.feedOptions.log?.(
            `error: could not listen for other replicas' changes: ${(error as Error).message}`,
          );
          this.reconnect();
        },
      );
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }

  private receive(message: { channel: string; payload?: string }): void {
    if (message.channel !== this.channel || !message.payload) return;
    let parsed: { origin?: string; change?: RegistryChange };
    try {
      parsed = JSON.parse(message.payload);
    } catch {
      return;
    }
    if (parsed.origin === this.origin || !isChange(parsed.change)) return;
    this.deliver(parsed.change);
  }
}

function isChange(value: unknown): value is RegistryChange {
  const change = value as Record<string, unknown> | undefined;
  switch (change?.type) {
    case 'project':
      return (
        typeof change.repository === 'string' &&
        typeof change.project === 'string'
      );
    case 'repository':
      return typeof change.repository === 'string';
    case 'token':
      return typeof change.tokenId === 'string';
    case 'all':
      return true;
    default:
      return false;
  }
}
