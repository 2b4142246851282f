import { Knex } from 'knex';
import { ProjectListQuery, ListingStore } from './ProjectStore';
import { compareVersionStrings } from './versionOrder';
import {
  prefixedColumns,
  toFile,
  toProject,
  toVersion,
  unprefix,
} from './rows';
import {
  DbFilesRow,
  DbProjectsRow,
  DbVersionsRow,
  FILE_COLUMNS,
  PROJECT_COLUMNS,
  VERSION_COLUMNS,
} from './tables';
import { FileLocation, ProjectListing, ProjectRecord } from './types';

const SORT_COLUMNS = {
  name: 'name',
  latest: 'latest_sort',
  versions: 'version_count',
  downloads: 'total_downloads',
  size: 'total_size',
  updated: 'updated_at',
} as const satisfies Record<string, keyof DbProjectsRow>;

/** ListingStore on a knex database: the indexes, a project with its versions and files, the project list. */
export class DatabaseListingStore implements ListingStore {
  constructor(private readonly db: Knex) {}

  async listIndexedProjects(
    repository: string,
    options?: { includeDisabled?: boolean },
  ) {
    const listed = this.db<DbVersionsRow>('wh_versions as v')
      .select(this.db.raw('1'))
      .whereRaw('v.project_id = p.id')
      .whereNull('v.deleted_at');
    if (!options?.includeDisabled) listed.whereNull('v.disabled_at');
    const rows: Pick<DbProjectsRow, 'name' | 'display_name'>[] = await this.db(
      'wh_projects as p',
    )
      .select('p.name', 'p.display_name')
      .where('p.repository', repository)
      .whereExists(listed)
      .orderBy('p.name');
    return rows.map(row => ({
      name: row.name,
      displayName: row.display_name,
    }));
  }

  async getProject(
    repository: string,
    name: string,
  ): Promise<ProjectRecord | undefined> {
    const row = await this.db<DbProjectsRow>('wh_projects')
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
    const versionQuery = this.db<DbVersionsRow>('wh_versions').where({
      project_id: project.id,
    });
    if (!options?.includeDeleted) versionQuery.whereNull('deleted_at');
    const versions = (await versionQuery).map(toVersion);
    versions.sort((a, b) => compareVersionStrings(a.canonical, b.canonical));
    const versionIds = versions.map(version => version.id);
    const files = versionIds.length
      ? (
          await this.db<DbFilesRow>('wh_files')
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
    const row: Record<string, unknown> | undefined = await this.db(
      'wh_files as f',
    )
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
      file: toFile(unprefix<DbFilesRow>(row, 'f')),
      version: toVersion(unprefix<DbVersionsRow>(row, 'v')),
      project: toProject(unprefix<DbProjectsRow>(row, 'p')),
    };
  }

  async listProjectPage(
    query: ProjectListQuery,
  ): Promise<{ items: ProjectRecord[]; total: number }> {
    const base = this.db<DbProjectsRow>('wh_projects')
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
