import fs from 'node:fs';
import { Knex } from 'knex';
import { versionSortKey } from '@wheelhouse/registry-client';
import {
  createTestDatabase,
  TEST_DATABASES,
  TestDatabase,
} from '../__testutils__/databases';
import { MIGRATIONS_DIRECTORY } from './createDatabase';

/** Every migration, in the order knex applies them (file name order). */
const MIGRATIONS = fs
  .readdirSync(MIGRATIONS_DIRECTORY)
  .filter(file => file.endsWith('.js'))
  .sort();
const config = {
  directory: MIGRATIONS_DIRECTORY,
  tableName: 'wh_knex_migrations',
};

const migrateUpOnce = (knex: Knex) => knex.migrate.up(config);
const migrateDownOnce = (knex: Knex) => knex.migrate.down(config);
async function migrateUntilBefore(knex: Knex, target: string): Promise<void> {
  const index = MIGRATIONS.indexOf(target);
  if (index < 0) throw new Error(`no migration ${target}`);
  for (let i = 0; i < index; i++) await migrateUpOnce(knex);
}

/** The registry's tables and their columns (name and type), as the database reports them. */
async function schema(knex: Knex): Promise<Record<string, string[]>> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex('information_schema.tables')
            .where({ table_schema: 'public' })
            .select('table_name')
        ).map(row => row.table_name)
      : (
          await knex('sqlite_master').where({ type: 'table' }).select('name')
        ).map(row => row.name);
  const result: Record<string, string[]> = {};
  for (const table of tables
    .filter(name => /^wh_(?!knex_)/.test(name))
    .sort()) {
    const columns = await knex(table).columnInfo();
    result[table] = Object.entries(columns)
      .map(([name, info]) => `${name} ${info.type}`)
      .sort();
  }
  return result;
}

describe.each(TEST_DATABASES)('migrations on %s', kind => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
  });
  afterEach(() => db.cleanup());

  it('each migration goes up, and down again to exactly the schema before it, and up again', async () => {
    const { knex } = db;
    const before: Record<string, string[]>[] = [];
    for (const _migration of MIGRATIONS) {
      before.push(await schema(knex));
      await migrateUpOnce(knex);
    }
    const latest = await schema(knex);
    expect(Object.keys(latest)).toContain('wh_versions');
    for (let i = MIGRATIONS.length - 1; i >= 0; i--) {
      await migrateDownOnce(knex);
      // A name in the message says which migration's down does not undo its up.
      expect({ migration: MIGRATIONS[i], schema: await schema(knex) }).toEqual({
        migration: MIGRATIONS[i],
        schema: before[i],
      });
    }
    expect(await schema(knex)).toEqual({});
    await knex.migrate.latest(config);
    expect(await schema(knex)).toEqual(latest);
  });

  it('20261201_040_latest_installable.js recomputes latest for the projects there are, with the store’s rule', async () => {
    const { knex } = db;
    await migrateUntilBefore(knex, '20261201_040_latest_installable.js');
    const now = '2026-11-30T00:00:00.000Z';
    await knex('wh_repositories').insert({
      name: 'default',
      anonymous_read: false,
      created_at: now,
    });
    const project = async (name: string) => {
      // Before the migration "latest" was the highest version not in the recycle bin, whatever its state.
      const [row] = await knex('wh_projects')
        .insert({
          repository: 'default',
          name,
          display_name: name,
          created_at: now,
          updated_at: now,
          latest_version: 'stale',
          latest_sort: 'stale',
        })
        .returning('id');
      return typeof row === 'object' ? row.id : row;
    };
    const version = (
      projectId: number,
      text: string,
      state: { disabled?: boolean; yanked?: boolean; deleted?: boolean } = {},
    ) =>
      knex('wh_versions').insert({
        project_id: projectId,
        version: text,
        canonical: text,
        disabled_at: state.disabled ? now : null,
        yanked_at: state.yanked ? now : null,
        deleted_at: state.deleted ? now : null,
        created_at: now,
        updated_at: now,
      });
    const mixed = await project('mixed');
    await version(mixed, '1.0');
    await version(mixed, '1.1', { yanked: true });
    await version(mixed, '2.0', { disabled: true });
    await version(mixed, '3.0', { deleted: true });
    await version(mixed, '2.1rc1');
    await version(mixed, '0.9rc1');
    const preOnly = await project('pre-only');
    await version(preOnly, '0.1a1');
    await version(preOnly, '0.2b1');
    const nothing = await project('nothing-installable');
    await version(nothing, '1.0', { disabled: true });
    await project('empty');

    await migrateUpOnce(knex);

    const rows = await knex('wh_projects')
      .orderBy('name')
      .select('name', 'latest_version', 'latest_sort', 'latest_prerelease');
    expect(rows).toEqual([
      {
        name: 'empty',
        latest_version: null,
        latest_sort: null,
        latest_prerelease: null,
      },
      {
        name: 'mixed',
        latest_version: '1.0',
        latest_sort: versionSortKey('1.0'),
        latest_prerelease: '2.1rc1',
      },
      {
        name: 'nothing-installable',
        latest_version: null,
        latest_sort: null,
        latest_prerelease: null,
      },
      {
        name: 'pre-only',
        latest_version: '0.2b1',
        latest_sort: versionSortKey('0.2b1'),
        latest_prerelease: null,
      },
    ]);

    await migrateDownOnce(knex);
    const columns = await knex('wh_projects').columnInfo();
    expect(columns).not.toHaveProperty('latest_prerelease');
    expect(columns).toHaveProperty('latest_version');
  });
});
