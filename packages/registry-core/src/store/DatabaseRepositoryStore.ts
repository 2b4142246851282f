import { Knex } from 'knex';
import { now } from './clock';
import { RepositoryStore } from './ProjectStore';
import { toRepository } from './rows';
import { DbRepositoriesRow } from './tables';
import { RepositoryRecord } from './types';

/** RepositoryStore on a knex database. */
export class DatabaseRepositoryStore implements RepositoryStore {
  constructor(private readonly db: Knex) {}

  async syncRepositories(repositories: RepositoryRecord[]): Promise<void> {
    for (const repository of repositories) {
      await this.db<DbRepositoriesRow>('wh_repositories')
        .insert({
          name: repository.name,
          description: repository.description ?? null,
          anonymous_read: repository.anonymousRead,
          created_at: now(),
        })
        .onConflict('name')
        .merge(['description', 'anonymous_read']);
    }
  }

  async listRepositories(): Promise<RepositoryRecord[]> {
    const rows =
      await this.db<DbRepositoriesRow>('wh_repositories').orderBy('name');
    return rows.map(toRepository);
  }
}
