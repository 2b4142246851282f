import { Knex } from 'knex';
import { ConflictError, InputError, ServiceUnavailableError } from '../errors';
import { latestColumns } from './latestColumns';
import { compareVersionStrings } from './versionOrder';
import {
  AddFileResult,
  ArtifactQuery,
  DownloadIncrement,
  NewFile,
  PackageStore,
  RecycledVersion,
  VersionStateConflict,
  VersionTransition,
  WithinTransaction,
} from './PackageStore';
import {
  FILE_COLUMNS,
  PROJECT_COLUMNS,
  VERSION_COLUMNS,
  prefixedColumns,
  toFile,
  toProject,
  toVersion,
  unprefix,
} from './rows';
import {
  CustomMetadataEntry,
  DownloadCount,
  FileLocation,
  ProjectListing,
  ProjectRecord,
  RepositoryRecord,
  StateChange,
  TagRecord,
  VersionRecord,
} from './types';

const SORT_COLUMNS = {
  name: 'name',
  latest: 'latest_sort',
  versions: 'version_count',
  downloads: 'total_downloads',
  size: 'total_size',
  updated: 'updated_at',
} as const;

const now = () => new Date().toISOString();

/**
 * What each transition writes, and the state it starts from as a condition on the row: the UPDATE itself decides
 * which of two concurrent changes wins (the other matches no row), on SQLite and PostgreSQL alike.
 */
const TRANSITIONS: Record<
  VersionTransition,
  {
    state: 'disabled' | 'yanked' | 'deleted';
    set: boolean;
    from: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
  }
> = {
  disable: {
    state: 'disabled',
    set: true,
    from: q => q.whereNull('deleted_at'),
  },
  enable: {
    state: 'disabled',
    set: false,
    from: q => q.whereNull('deleted_at').whereNotNull('disabled_at'),
  },
  yank: { state: 'yanked', set: true, from: q => q.whereNull('deleted_at') },
  unyank: {
    state: 'yanked',
    set: false,
    from: q => q.whereNull('deleted_at').whereNotNull('yanked_at'),
  },
  delete: { state: 'deleted', set: true, from: q => q.whereNull('deleted_at') },
  restore: {
    state: 'deleted',
    set: false,
    from: q => q.whereNotNull('deleted_at'),
  },
};

/** Rows per statement in batched writes: well under SQLite's limits on variables and compound SELECTs. */
const BATCH = 400;

/** PackageStore on a knex database (SQLite or PostgreSQL). */
export class DatabasePackageStore implements PackageStore {
  constructor(private readonly db: Knex) {}

  async syncRepositories(repositories: RepositoryRecord[]): Promise<void> {
    for (const repository of repositories) {
      await this.db('wh_repositories')
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
    const rows = await this.db('wh_repositories').orderBy('name');
    return rows.map(row => ({
      name: row.name,
      description: row.description ?? undefined,
      anonymousRead: Boolean(row.anonymous_read),
    }));
  }

  async addFile(input: NewFile): Promise<AddFileResult> {
    const result = await this.db.transaction(async trx => {
      const timestamp = input.file.uploadedAt;
      await trx('wh_projects')
        .insert({
          repository: input.repository,
          name: input.project,
          display_name: input.displayName,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .onConflict(['repository', 'name'])
        .ignore();
      const project = await trx('wh_projects')
        .where({ repository: input.repository, name: input.project })
        .first();

      await trx('wh_versions')
        .insert({
          project_id: project.id,
          version: input.version,
          canonical: input.canonical,
          summary: input.summary ?? null,
          requires_python: input.requiresPython ?? null,
          core_metadata: input.coreMetadata
            ? JSON.stringify(input.coreMetadata)
            : null,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .onConflict(['project_id', 'canonical'])
        .ignore();
      const version = await trx('wh_versions')
        .where({ project_id: project.id, canonical: input.canonical })
        .first();
      if (version.deleted_at) {
        // 400, not 409, and no "already exists": `twine upload --skip-existing` takes either for "nothing to do".
        throw new InputError(
          `Version ${version.version} of ${project.display_name} is in the recycle bin: restore or purge it before uploading to it`,
        );
      }

      const inserted = await trx('wh_files')
        .insert({
          repository: input.repository,
          version_id: version.id,
          filename: input.file.filename,
          filetype: input.file.filetype,
          python_version: input.file.pythonVersion ?? null,
          requires_python: input.file.requiresPython ?? null,
          size: input.file.size,
          sha256: input.file.sha256,
          blake2_256: input.file.blake2_256,
          md5: input.file.md5,
          metadata_sha256: input.file.metadataSha256 ?? null,
          uploaded_by: input.file.uploadedBy ?? null,
          uploaded_at: timestamp,
        })
        .onConflict(['repository', 'filename'])
        .ignore()
        .returning('id');
      const file = await trx('wh_files')
        .where({ repository: input.repository, filename: input.file.filename })
        .first();
      if (
        file.sha256 !== input.file.sha256 ||
        Number(file.version_id) !== Number(version.id)
      ) {
        throw new ConflictError(
          `File already exists: ${input.file.filename} was uploaded before with other content`,
        );
      }
      if (input.claim) {
        const keys = new Set([input.file.sha256, input.file.metadataSha256]);
        keys.delete(undefined);
        const released = await trx('wh_blob_claims')
          .where({ claim: input.claim })
          .delete();
        if (released < keys.size) {
          // The collector took the claim for dead and may have removed the bytes: no row may point at them.
          throw new ServiceUnavailableError(
            'The upload took longer than the storage grace period; upload it again',
          );
        }
      }
      const created = inserted.length > 0;
      // A new file would stay hidden behind the disable; a byte-identical re-upload changes nothing and still answers.
      if (created && version.disabled_at) {
        throw new InputError(
          `Version ${version.version} of ${project.display_name} is disabled (${version.disabled_reason ?? 'no reason given'}): enable it before uploading files to it`,
        );
      }
      if (created) {
        await trx('wh_versions')
          .where({ id: version.id })
          .update({ updated_at: timestamp });
        await this.refreshProject(trx, Number(project.id), timestamp);
      }
      const projectRow = await trx('wh_projects')
        .where({ id: project.id })
        .first();
      return {
        outcome: created ? 'created' : 'identical',
        location: {
          project: toProject(projectRow),
          version: toVersion(version),
          file: toFile(file),
        },
      } satisfies AddFileResult;
    });
    return result;
  }

  async listIndexedProjects(
    repository: string,
    options?: { includeDisabled?: boolean },
  ) {
    const listed = this.db('wh_versions as v')
      .select(this.db.raw('1'))
      .whereRaw('v.project_id = p.id')
      .whereNull('v.deleted_at');
    if (!options?.includeDisabled) listed.whereNull('v.disabled_at');
    const rows = await this.db('wh_projects as p')
      .select('p.name', 'p.display_name')
      .where('p.repository', repository)
      .whereExists(listed)
      .orderBy('p.name');
    return rows.map(row => ({
      name: row.name as string,
      displayName: row.display_name as string,
    }));
  }

  async getProject(
    repository: string,
    name: string,
  ): Promise<ProjectRecord | undefined> {
    const row = await this.db('wh_projects')
      .where({ repository, name })
      .first();
    return row ? toProject(row) : undefined;
  }

  async getProjectListing(
    repository: string,
    name: string,
    options?: { includeDeleted?: boolean },
  ): Promise<ProjectListing | undefined> {
    const project = await this.getProject(repository, name);
    if (!project) return undefined;
    const versionQuery = this.db('wh_versions').where({
      project_id: project.id,
    });
    if (!options?.includeDeleted) versionQuery.whereNull('deleted_at');
    const versions = (await versionQuery).map(toVersion);
    versions.sort((a, b) => compareVersionStrings(a.canonical, b.canonical));
    const versionIds = versions.map(version => version.id);
    const files = versionIds.length
      ? (
          await this.db('wh_files')
            .whereIn('version_id', versionIds)
            .orderBy('filename')
        ).map(toFile)
      : [];
    return { project, versions, files };
  }

  async findFile(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<FileLocation | undefined> {
    const row = await this.db('wh_files as f')
      .join('wh_versions as v', 'v.id', 'f.version_id')
      .join('wh_projects as p', 'p.id', 'v.project_id')
      .where({
        'f.repository': repository,
        'f.sha256': sha256,
        'f.filename': filename,
      })
      .first([
        ...prefixedColumns('f', 'f', FILE_COLUMNS),
        ...prefixedColumns('v', 'v', VERSION_COLUMNS),
        ...prefixedColumns('p', 'p', PROJECT_COLUMNS),
      ]);
    if (!row) return undefined;
    return {
      file: toFile(unprefix(row, 'f')),
      version: toVersion(unprefix(row, 'v')),
      project: toProject(unprefix(row, 'p')),
    };
  }

  async listArtifacts(
    query: ArtifactQuery,
  ): Promise<{ items: ProjectRecord[]; total: number }> {
    const base = this.db('wh_projects')
      .where({ repository: query.repository })
      .where('version_count', '>', 0);
    if (query.search) {
      const pattern = `%${escapeLike(normaliseSearch(query.search))}%`;
      base.whereRaw(`name like ? escape '\\'`, [pattern]);
    }
    const sort = SORT_COLUMNS[query.sort ?? 'name'];
    const order =
      query.order ?? (query.sort === 'name' || !query.sort ? 'asc' : 'desc');
    const [{ total }] = await base.clone().count({ total: '*' });
    const rows = await base
      .clone()
      .orderBy([
        { column: sort, order },
        { column: 'name', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(toProject), total: Number(total) };
  }

  async changeVersionState(request: {
    versionId: number;
    transition: VersionTransition;
    change?: StateChange;
    record?: WithinTransaction;
  }): Promise<void> {
    const { state, set, from } = TRANSITIONS[request.transition];
    const change = set ? (request.change ?? { at: now() }) : undefined;
    await this.db.transaction(async trx => {
      const update: Record<string, unknown> = {
        [`${state}_at`]: change?.at ?? null,
        [`${state}_reason`]: change?.reason ?? null,
        updated_at: change?.at ?? now(),
      };
      if (state !== 'yanked') update[`${state}_by`] = change?.by ?? null;
      const changed = await from(
        trx('wh_versions').where({ id: request.versionId }),
      ).update(update);
      if (!changed)
        throw new VersionStateConflict(
          request.transition,
          await this.versionRow(trx, request.versionId),
        );
      const version = await trx('wh_versions')
        .where({ id: request.versionId })
        .first('project_id');
      await this.refreshProject(trx, Number(version.project_id), now());
      await request.record?.(trx);
    });
  }

  async listRecycleBin(repository: string): Promise<RecycledVersion[]> {
    const rows = await this.db('wh_versions as v')
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
      version: toVersion(unprefix(row, 'v')),
      project: toProject(unprefix(row, 'p')),
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
      const claimed = trx('wh_versions')
        .where({ id: versionId })
        .whereNotNull('deleted_at');
      if (request.deletedBefore)
        claimed.where('deleted_at', '<=', request.deletedBefore);
      if (!(await claimed.update({ updated_at: now() })))
        throw new VersionStateConflict(
          'purge',
          await this.versionRow(trx, versionId),
        );
      const version = await trx('wh_versions').where({ id: versionId }).first();
      const files = await trx('wh_files').where({ version_id: versionId });
      const fileIds = files.map(file => file.id);
      if (fileIds.length)
        await trx('wh_download_counts').whereIn('file_id', fileIds).delete();
      await trx('wh_files').where({ version_id: versionId }).delete();
      await trx('wh_custom_metadata').where({ version_id: versionId }).delete();
      await trx('wh_tags').where({ version_id: versionId }).delete();
      await trx('wh_versions').where({ id: versionId }).delete();
      await this.refreshProject(trx, Number(version.project_id), now());
      await request.record?.(trx);
      // Content addressing shares blobs between files (also across repositories): the collector decides.
      return [
        ...new Set<string>(
          files
            .flatMap(file => [file.sha256, file.metadata_sha256])
            .filter(Boolean),
        ),
      ];
    });
  }

  private async versionRow(
    trx: Knex.Transaction,
    versionId: number,
  ): Promise<VersionRecord | undefined> {
    const row = await trx('wh_versions').where({ id: versionId }).first();
    return row ? toVersion(row) : undefined;
  }

  async getCustomMetadata(versionId: number): Promise<CustomMetadataEntry[]> {
    const rows = await this.db('wh_custom_metadata')
      .where({ version_id: versionId })
      .orderBy('key');
    return rows.map(row => ({
      key: row.key,
      value: row.value,
      updatedBy: row.updated_by ?? undefined,
      updatedAt: row.updated_at,
    }));
  }

  async updateCustomMetadata(
    versionId: number,
    change: {
      set: Record<string, string>;
      remove: string[];
      by?: string;
      maxEntries: number;
    },
  ): Promise<CustomMetadataEntry[]> {
    await this.db.transaction(async trx => {
      const timestamp = now();
      if (change.remove.length) {
        await trx('wh_custom_metadata')
          .where({ version_id: versionId })
          .whereIn('key', change.remove)
          .delete();
      }
      for (const [key, value] of Object.entries(change.set)) {
        await trx('wh_custom_metadata')
          .insert({
            version_id: versionId,
            key,
            value,
            updated_by: change.by ?? null,
            updated_at: timestamp,
          })
          .onConflict(['version_id', 'key'])
          .merge(['value', 'updated_by', 'updated_at']);
      }
      const [{ count }] = await trx('wh_custom_metadata')
        .where({ version_id: versionId })
        .count({ count: '*' });
      if (Number(count) > change.maxEntries) {
        // Thrown inside the transaction so nothing of the change is kept.
        throw new InputError(
          `A version can hold at most ${change.maxEntries} custom metadata entries`,
        );
      }
      await trx('wh_versions')
        .where({ id: versionId })
        .update({ updated_at: timestamp });
    });
    return this.getCustomMetadata(versionId);
  }

  async listTags(projectId: number): Promise<TagRecord[]> {
    return (await this.listTagsOfProjects([projectId])).get(projectId) ?? [];
  }

  async listTagsOfProjects(
    projectIds: number[],
  ): Promise<Map<number, TagRecord[]>> {
    const result = new Map<number, TagRecord[]>();
    if (!projectIds.length) return result;
    const rows = await this.db('wh_tags as t')
      .join('wh_versions as v', 'v.id', 't.version_id')
      .whereIn('t.project_id', projectIds)
      // A tag on a version in the recycle bin points nowhere until the version is restored.
      .whereNull('v.deleted_at')
      .orderBy('t.tag')
      .select(
        't.project_id',
        't.tag',
        't.version_id',
        'v.version',
        't.created_by',
        't.created_at',
      );
    for (const row of rows) {
      const projectId = Number(row.project_id);
      const tags = result.get(projectId) ?? [];
      tags.push({
        tag: row.tag,
        versionId: Number(row.version_id),
        version: row.version,
        createdBy: row.created_by ?? undefined,
        createdAt: row.created_at,
      });
      result.set(projectId, tags);
    }
    return result;
  }

  async setTag(
    projectId: number,
    tag: string,
    versionId: number,
    by?: string,
  ): Promise<void> {
    await this.db('wh_tags')
      .insert({
        project_id: projectId,
        tag,
        version_id: versionId,
        created_by: by ?? null,
        created_at: now(),
      })
      .onConflict(['project_id', 'tag'])
      .merge(['version_id', 'created_by', 'created_at']);
  }

  async removeTag(projectId: number, tag: string): Promise<boolean> {
    const removed = await this.db('wh_tags')
      .where({ project_id: projectId, tag })
      .delete();
    return removed > 0;
  }

  async addDownloads(increments: DownloadIncrement[]): Promise<void> {
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
        for (const row of await query) {
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
          await trx('wh_projects')
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
        for (const row of await trx('wh_versions')
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

  async downloadsByDay(options: {
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
    const rows = await query;
    return rows.map(row => ({ day: row.day, count: Number(row.count) }));
  }

  /**
   * Takes the project's row lock (PostgreSQL; SQLite serialises writers anyway) before its figures are recomputed:
   * the statements after it then see every concurrent change committed before ours, so two transactions changing
   * different versions of one project cannot each write figures that miss the other's change. NO KEY UPDATE, because
   * inserting a version already holds KEY SHARE on the project (foreign key), which FOR UPDATE would deadlock on.
   */
  private async lockProject(
    trx: Knex.Transaction,
    projectId: number,
  ): Promise<void> {
    await trx('wh_projects')
      .where({ id: projectId })
      .forNoKeyUpdate()
      .first('id');
  }

  /** Recomputes the denormalised figures of a project after any change to its versions or files. */
  private async refreshProject(
    trx: Knex.Transaction,
    projectId: number,
    timestamp: string,
  ): Promise<void> {
    await this.lockProject(trx, projectId);
    const versions = await trx('wh_versions')
      .where({ project_id: projectId })
      .whereNull('deleted_at')
      .select('version', 'canonical', 'disabled_at', 'yanked_at');
    await trx('wh_projects')
      .where({ id: projectId })
      .update({
        ...latestColumns(versions),
        version_count: versions.length,
        updated_at: timestamp,
      });
    await this.refreshTotals(trx, projectId);
  }

  private async refreshTotals(
    trx: Knex.Transaction,
    projectId: number,
  ): Promise<void> {
    await this.lockProject(trx, projectId);
    const [totals] = await trx('wh_files as f')
      .join('wh_versions as v', 'v.id', 'f.version_id')
      .where('v.project_id', projectId)
      .whereNull('v.deleted_at')
      .select(
        trx.raw('coalesce(sum(f.size), 0) as size'),
        trx.raw('coalesce(sum(f.downloads), 0) as downloads'),
      );
    await trx('wh_projects')
      .where({ id: projectId })
      .update({
        total_size: Number(totals.size),
        total_downloads: Number(totals.downloads),
      });
  }
}

function normaliseSearch(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, character => `\\${character}`);
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
  table: string,
  column: string,
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
