import crypto from 'node:crypto';
import { Knex } from 'knex';
import { ConflictError } from '../errors';
import { PublisherStore } from './PublisherStore';
import { NewTrustedPublisher, TrustedPublisher } from './types';

const TABLE = 'wh_trusted_publishers';

/** A row of wh_trusted_publishers. */
interface PublisherRow {
  id: string;
  repository: string;
  project: string;
  pending: boolean | number;
  provider: string;
  repository_owner: string;
  repository_owner_id: string;
  repository_name: string;
  workflow: string;
  environment: string | null;
  ref_pattern: string | null;
  source: string;
  created_by: string | null;
  created_at: string;
}

/** PublisherStore on a knex database. Names GitHub compares without case are stored in lower case. */
export class DatabasePublisherStore implements PublisherStore {
  constructor(private readonly db: Knex) {}

  async list(filter: {
    repository: string;
    project?: string;
  }): Promise<TrustedPublisher[]> {
    const query = this.db<PublisherRow>(TABLE)
      .where({ repository: filter.repository })
      .orderBy([{ column: 'project' }, { column: 'created_at' }]);
    if (filter.project !== undefined) query.where({ project: filter.project });
    return (await query).map(toPublisher);
  }

  async get(id: string): Promise<TrustedPublisher | undefined> {
    const row = await this.db<PublisherRow>(TABLE).where({ id }).first();
    return row ? toPublisher(row) : undefined;
  }

  async findForGitHubRepository(
    owner: string,
    name: string,
  ): Promise<TrustedPublisher[]> {
    const rows = await this.db<PublisherRow>(TABLE).where({
      provider: 'github',
      repository_owner: owner.toLowerCase(),
      repository_name: name.toLowerCase(),
    });
    return rows.map(toPublisher);
  }

  async add(
    publisher: NewTrustedPublisher,
    options: { pending: boolean },
  ): Promise<TrustedPublisher> {
    const row = toRow(publisher, options.pending);
    const existing = await this.db<PublisherRow>(TABLE)
      .where(identity(row))
      .first();
    if (existing)
      throw new ConflictError(
        `Publisher ${describe(row)} already exists for ${row.project} (id ${existing.id})`,
      );
    await this.db<PublisherRow>(TABLE).insert(row);
    return toPublisher(row);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db<PublisherRow>(TABLE).where({ id }).delete()) > 0;
  }

  async activate(id: string): Promise<void> {
    await this.db<PublisherRow>(TABLE).where({ id }).update({ pending: false });
  }

  async syncConfigured(
    publishers: NewTrustedPublisher[],
    pending: (publisher: NewTrustedPublisher) => Promise<boolean>,
  ): Promise<void> {
    const wanted = await Promise.all(
      publishers.map(async publisher =>
        toRow({ ...publisher, source: 'config' }, await pending(publisher)),
      ),
    );
    await this.db.transaction(async trx => {
      const current = await trx<PublisherRow>(TABLE).where({
        source: 'config',
      });
      const key = (row: PublisherRow) => JSON.stringify(identity(row));
      const wantedKeys = new Set(wanted.map(key));
      const stale = current.filter(row => !wantedKeys.has(key(row)));
      if (stale.length)
        await trx(TABLE)
          .whereIn(
            'id',
            stale.map(row => row.id),
          )
          .delete();
      const currentKeys = new Set(current.map(key));
      const added = wanted.filter(row => !currentKeys.has(key(row)));
      if (added.length) await trx(TABLE).insert(added);
    });
  }
}

/** What makes two publishers the same. */
function identity(row: PublisherRow) {
  return {
    repository: row.repository,
    project: row.project,
    provider: row.provider,
    repository_owner: row.repository_owner,
    repository_owner_id: row.repository_owner_id,
    repository_name: row.repository_name,
    workflow: row.workflow,
    environment: row.environment,
    ref_pattern: row.ref_pattern,
  };
}

function describe(row: PublisherRow): string {
  return `${row.repository_owner}/${row.repository_name} ${row.workflow}${row.environment ? ` (environment ${row.environment})` : ''}`;
}

function toRow(publisher: NewTrustedPublisher, pending: boolean): PublisherRow {
  return {
    id: crypto.randomBytes(8).toString('hex'),
    repository: publisher.repository,
    project: publisher.project,
    pending,
    provider: 'github',
    repository_owner: publisher.repositoryOwner.toLowerCase(),
    repository_owner_id: publisher.repositoryOwnerId,
    repository_name: publisher.repositoryName.toLowerCase(),
    workflow: publisher.workflow,
    environment: publisher.environment?.toLowerCase() ?? null,
    ref_pattern: publisher.refPattern ?? null,
    source: publisher.source ?? 'api',
    created_by: publisher.createdBy ?? null,
    created_at: new Date().toISOString(),
  };
}

function toPublisher(row: PublisherRow): TrustedPublisher {
  return {
    id: row.id,
    repository: row.repository,
    project: row.project,
    pending: Boolean(row.pending),
    provider: 'github',
    repositoryOwner: row.repository_owner,
    repositoryOwnerId: row.repository_owner_id,
    repositoryName: row.repository_name,
    workflow: row.workflow,
    environment: row.environment ?? undefined,
    refPattern: row.ref_pattern ?? undefined,
    source: row.source === 'config' ? 'config' : 'api',
    createdBy: row.created_by ?? undefined,
    createdAt: row.created_at,
  };
}
