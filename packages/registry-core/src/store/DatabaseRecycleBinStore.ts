import { Knex } from 'knex';
import { now } from './clock';
import {
  RecycleBinStore,
  RecycledVersion,
  VersionStateConflict,
  WithinTransaction,
} from './ProjectStore';
import { currentVersion } from './DatabaseVersionStateStore';
import { refreshProject } from './projectFigures';
import { prefixedColumns, toProject, toVersion, unprefix } from './rows';
import {
  DbCustomMetadataRow,
  DbDownloadCountsRow,
  DbFilesRow,
  DbProjectsRow,
  DbTagsRow,
  DbVersionsRow,
  PROJECT_COLUMNS,
  VERSION_COLUMNS,
} from './tables';

/** RecycleBinStore on a knex database. */
export class DatabaseRecycleBinStore implements RecycleBinStore {
  constructor(private readonly db: Knex) {}

  async listRecycleBin(repository: string): Promise<RecycledVersion[]> {
    const rows: Record<string, unknown>[] = await this.db('wh_versions as v')
      .join('wh_projects as p', 'p.id', 'v.project_id')
      .leftJoin('wh_files as f', 'f.version_id', 'v.id')
      .where('p.repository', repository)
      .whereNotNull('v.deleted_at')
      .groupBy('v.id', 'p.id')
      .orderBy('v.deleted_at', 'desc')
      .select([
        ...prefixedColumns('v', 'v', VERSION_COLUMNS),
        ...prefixedColumns('p', 'p', PROJECT_COLUMNS),
        this.db.raw('count(f.id) as file_count'),
        this.db.raw('coalesce(sum(f.size), 0) as size'),
      ]);
    return rows.map(row => ({
      version: toVersion(unprefix<DbVersionsRow>(row, 'v')),
      project: toProject(unprefix<DbProjectsRow>(row, 'p')),
      fileCount: Number(row.file_count),
      size: Number(row.size),
    }));
  }

  async purgeVersion(request: {
    versionId: number;
    deletedBefore?: string;
    record?: WithinTransaction;
  }): Promise<string[]> {
    const { versionId } = request;
    return this.db.transaction(async trx => {
      // The condition first, as a write: it takes the row (PostgreSQL) before anything is removed, so a restore
      // either commits before it (and nothing matches here) or waits and then finds no row to restore.
      const claimed = trx<DbVersionsRow>('wh_versions')
        .where({ id: versionId })
        .whereNotNull('deleted_at');
      if (request.deletedBefore)
        claimed.where('deleted_at', '<=', request.deletedBefore);
      if (!(await claimed.update({ updated_at: now() })))
        throw new VersionStateConflict(
          'purge',
          await currentVersion(trx, versionId),
        );
      const version = (await trx<DbVersionsRow>('wh_versions')
        .where({ id: versionId })
        .first())!;
      const files = await trx<DbFilesRow>('wh_files').where({
        version_id: versionId,
      });
      const fileIds = files.map(file => file.id);
      if (fileIds.length)
        await trx<DbDownloadCountsRow>('wh_download_counts')
          .whereIn('file_id', fileIds)
          .delete();
      await trx<DbFilesRow>('wh_files')
        .where({ version_id: versionId })
        .delete();
      await trx<DbCustomMetadataRow>('wh_custom_metadata')
        .where({ version_id: versionId })
        .delete();
      await trx<DbTagsRow>('wh_tags').where({ version_id: versionId }).delete();
      await trx<DbVersionsRow>('wh_versions').where({ id: versionId }).delete();
      await refreshProject(trx, Number(version.project_id), now());
      await request.record?.(trx);
      // Content addressing shares blobs between files (also across repositories): the collector decides.
      return [
        ...new Set<string>(
          files
            .flatMap(file => [file.sha256, file.metadata_sha256])
            .filter((key): key is string => Boolean(key)),
        ),
      ];
    });
  }
}
