import { Knex } from 'knex';
import { DownloadCountStore, DownloadIncrement } from './ProjectStore';
import { DbFilesRow, DbProjectsRow, DbVersionsRow } from './tables';
import { DownloadCount } from './types';

/** Rows per statement in batched writes: well under SQLite's limits on variables and compound SELECTs. */
const BATCH = 400;

/**
 * Download counts on a knex database: per file and day in wh_download_counts, and added to the totals of the files
 * and of their projects in the same transaction, with a locking order that lets replicas flush at the same time.
 */
export class DatabaseDownloadCounts implements DownloadCountStore {
  constructor(private readonly db: Knex) {}

  async addDownloadCounts(increments: DownloadIncrement[]): Promise<void> {
    if (!increments.length) return;
    // A flush carries up to one increment per file downloaded since the last one (thousands): a few statements per
    // chunk of files rather than several per file, which kept the event loop busy for seconds on SQLite.
    const byKey = new Map<string, DownloadIncrement>();
    for (const increment of increments) {
      const key = `${increment.fileId}/${increment.day}`;
      const entry = byKey.get(key);
      if (entry) entry.count += increment.count;
      else byKey.set(key, { ...increment });
    }
    const fileIds = [
      ...new Set([...byKey.values()].map(increment => increment.fileId)),
    ].sort((a, b) => a - b);
    const pg = this.db.client.config.client === 'pg';
    await this.db.transaction(async trx => {
      // Which files still exist (a version may have been purged since it was downloaded), with their version and
      // project. On PostgreSQL the rows are locked here in id order, so that concurrent batches (other replicas) never
      // deadlock.
      const located = new Map<
        number,
        { projectId: number; versionId: number }
      >();
      for (const chunk of chunks(fileIds, BATCH)) {
        const query = trx('wh_files as f')
          .join('wh_versions as v', 'v.id', 'f.version_id')
          .whereIn('f.id', chunk)
          .orderBy('f.id')
          .select('f.id', 'f.version_id', 'v.project_id');
        if (pg) query.forNoKeyUpdate('f');
        const rows: (Pick<DbFilesRow, 'id' | 'version_id'> &
          Pick<DbVersionsRow, 'project_id'>)[] = await query;
        for (const row of rows) {
          located.set(Number(row.id), {
            projectId: Number(row.project_id),
            versionId: Number(row.version_id),
          });
        }
      }
      const live = [...byKey.values()]
        .filter(increment => located.has(increment.fileId))
        .sort((a, b) => a.fileId - b.fileId || a.day.localeCompare(b.day));
      if (!live.length) return;

      for (const chunk of chunks(live, BATCH)) {
        await trx('wh_download_counts')
          .insert(
            chunk.map(increment => ({
              file_id: increment.fileId,
              day: increment.day,
              count: increment.count,
            })),
          )
          .onConflict(['file_id', 'day'])
          .merge({
            count: trx.raw('wh_download_counts.count + excluded.count'),
          });
      }

      const perFile = new Map<number, number>();
      for (const increment of live)
        perFile.set(
          increment.fileId,
          (perFile.get(increment.fileId) ?? 0) + increment.count,
        );
      await incrementColumn(trx, 'wh_files', 'downloads', perFile);

      // Project totals count files of versions not in the recycle bin (as refreshTotals computes them): add to them
      // rather than summing every file of every project again. The projects are locked first (PostgreSQL: in id
      // order, as concurrent batches do; NO KEY UPDATE as in lockProject), and only then is it read which versions
      // are in the recycle bin: a delete or restore recomputing a total under the same lock is then either entirely
      // before this or entirely after it.
      const projectIds = [
        ...new Set(
          [...perFile.keys()].map(fileId => located.get(fileId)!.projectId),
        ),
      ].sort((a, b) => a - b);
      if (pg) {
        for (const chunk of chunks(projectIds, BATCH)) {
          await trx<DbProjectsRow>('wh_projects')
            .whereIn('id', chunk)
            .orderBy('id')
            .forNoKeyUpdate()
            .select('id');
        }
      }
      const versionIds = [
        ...new Set(
          [...perFile.keys()].map(fileId => located.get(fileId)!.versionId),
        ),
      ];
      const binned = new Set<number>();
      for (const chunk of chunks(versionIds, BATCH)) {
        for (const row of await trx<DbVersionsRow>('wh_versions')
          .whereIn('id', chunk)
          .whereNotNull('deleted_at')
          .select('id'))
          binned.add(Number(row.id));
      }
      const perProject = new Map<number, number>();
      for (const [fileId, count] of perFile) {
        const { projectId, versionId } = located.get(fileId)!;
        if (!binned.has(versionId))
          perProject.set(projectId, (perProject.get(projectId) ?? 0) + count);
      }
      await incrementColumn(trx, 'wh_projects', 'total_downloads', perProject);
    });
  }

  async downloadCountsByDay(options: {
    projectId: number;
    versionId?: number;
    since: string;
  }): Promise<DownloadCount[]> {
    const query = this.db('wh_download_counts as d')
      .join('wh_files as f', 'f.id', 'd.file_id')
      .join('wh_versions as v', 'v.id', 'f.version_id')
      .where('v.project_id', options.projectId)
      .where('d.day', '>=', options.since)
      .groupBy('d.day')
      .orderBy('d.day')
      .select('d.day', this.db.raw('sum(d.count) as count'));
    if (options.versionId !== undefined) query.where('v.id', options.versionId);
    const rows: { day: string; count: number | string }[] = await query;
    return rows.map(row => ({ day: row.day, count: Number(row.count) }));
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size)
    result.push(items.slice(index, index + size));
  return result;
}

/** `column = column + amount` for many rows, one statement per chunk (a CASE on the id), in id order. */
async function incrementColumn(
  trx: Knex.Transaction,
  table: 'wh_files' | 'wh_projects',
  column: 'downloads' | 'total_downloads',
  amounts: Map<number, number>,
): Promise<void> {
  const ids = [...amounts.keys()].sort((a, b) => a - b);
  for (const chunk of chunks(ids, BATCH)) {
    const cases = chunk.map(() => 'when ? then cast(? as bigint)').join(' ');
    const bindings = chunk.flatMap(id => [id, amounts.get(id)!]);
    await trx(table)
      .whereIn('id', chunk)
      .update({
        [column]: trx.raw(`?? + case id ${cases} else 0 end`, [
          column,
          ...bindings,
        ]),
      });
  }
}
