import { Knex } from 'knex';
import { latestColumns } from './latestColumns';
import { DbFilesRow, DbProjectsRow, DbVersionsRow } from './tables';

/**
 * Takes the project's row lock (PostgreSQL; SQLite serialises writers anyway) before its figures are recomputed:
 * the statements after it then see every concurrent change committed before ours, so two transactions changing
 * different versions of one project cannot each write figures that miss the other's change. NO KEY UPDATE, because
 * inserting a version already holds KEY SHARE on the project (foreign key), which FOR UPDATE would deadlock on.
 */
export async function lockProject(
  trx: Knex.Transaction,
  projectId: number,
): Promise<void> {
  await trx<DbProjectsRow>('wh_projects')
    .where({ id: projectId })
    .forNoKeyUpdate()
    .first('id');
}

/** Recomputes the denormalised figures of a project after any change to its versions or files. */
export async function refreshProject(
  trx: Knex.Transaction,
  projectId: number,
  timestamp: string,
): Promise<void> {
  await lockProject(trx, projectId);
  const versions = await trx<DbVersionsRow>('wh_versions')
    .where({ project_id: projectId })
    .whereNull('deleted_at')
    .select('version', 'canonical', 'disabled_at', 'yanked_at');
  await trx<DbProjectsRow>('wh_projects')
    .where({ id: projectId })
    .update({
      ...latestColumns(versions),
      version_count: versions.length,
      updated_at: timestamp,
    });
  await refreshTotals(trx, projectId);
}

async function refreshTotals(
  trx: Knex.Transaction,
  projectId: number,
): Promise<void> {
  await lockProject(trx, projectId);
  const [totals] = await trx<DbFilesRow>('wh_files as f')
    .join('wh_versions as v', 'v.id', 'f.version_id')
    .where('v.project_id', projectId)
    .whereNull('v.deleted_at')
    .select(
      trx.raw('coalesce(sum(f.size), 0) as size'),
      trx.raw('coalesce(sum(f.downloads), 0) as downloads'),
    );
  await trx<DbProjectsRow>('wh_projects')
    .where({ id: projectId })
    .update({
      total_size: Number(totals.size),
      total_downloads: Number(totals.downloads),
    });
}
