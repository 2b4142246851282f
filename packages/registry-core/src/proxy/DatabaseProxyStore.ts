import { Knex } from 'knex';
import { CachedUpstreamProject, ProxyStore } from './ProxyStore';
import { UpstreamFile } from './UpstreamIndex';

/** Rows per insert: well under SQLite's limit on variables (11 columns). */
const BATCH = 80;

/**
 * ProxyStore in wh_upstream_projects, wh_upstream_files and wh_project_tracks (migration 20261201_140) and
 * wh_upstream_metadata (20261201_150).
 */
export class DatabaseProxyStore implements ProxyStore {
  constructor(private readonly db: Knex) {}

  async getProject(repository: string, name: string) {
    const row = await this.db('wh_upstream_projects')
      .where({ repository, name })
      .first();
    return row ? toProject(row) : undefined;
  }

  async listFiles(projectId: number): Promise<UpstreamFile[]> {
    const rows = await this.db('wh_upstream_files')
      .where({ project_id: projectId })
      .orderBy('position');
    return rows.map(toFile);
  }

  async findFile(repository: string, sha256: string, filename: string) {
    const row = await this.db('wh_upstream_files as f')
      .join('wh_upstream_projects as p', 'p.id', 'f.project_id')
      .where({
        'f.repository': repository,
        'f.sha256': sha256,
        'f.filename': filename,
      })
      .first('f.*', 'p.name as p_name');
    if (!row) return undefined;
    const project = await this.getProject(repository, row.p_name);
    return project ? { project, file: toFile(row) } : undefined;
  }

  async saveProject(request: Parameters<ProxyStore['saveProject']>[0]) {
    const { repository, name, page } = request;
    await this.db.transaction(async trx => {
      const values = {
        display_name: page?.name ?? name,
        missing: !page,
        etag: request.etag ?? null,
        versions: page?.versions ? JSON.stringify(page.versions) : null,
        fetched_at: request.fetchedAt,
        expires_at: request.expiresAt,
      };
      await trx('wh_upstream_projects')
        .insert({ repository, name, ...values })
        .onConflict(['repository', 'name'])
        .merge(Object.keys(values));
      const { id } = await trx('wh_upstream_projects')
        .where({ repository, name })
        .first('id');
      await trx('wh_upstream_files').where({ project_id: id }).delete();
      const rows = (page?.files ?? []).map((file, position) => ({
        project_id: id,
        repository,
        position,
        filename: file.filename,
        url: file.url,
        sha256: file.sha256,
        requires_python: file.requiresPython ?? null,
        yanked: file.yanked ?? null,
        size: file.size ?? null,
        upload_time: file.uploadTime ?? null,
        metadata_sha256: file.metadataSha256 ?? null,
      }));
      for (let index = 0; index < rows.length; index += BATCH)
        await trx('wh_upstream_files').insert(rows.slice(index, index + BATCH));
    });
  }

  async touchProject(id: number, fetchedAt: string, expiresAt: string) {
    await this.db('wh_upstream_projects')
      .where({ id })
      .update({ fetched_at: fetchedAt, expires_at: expiresAt });
  }

  async listProjects(repository: string) {
    const rows = await this.db('wh_upstream_projects')
      .where({ repository, missing: false })
      .orderBy('name')
      .select('name', 'display_name');
    return rows.map(row => ({ name: row.name, displayName: row.display_name }));
  }

  async getMetadata(repository: string, sha256: string) {
    const row = await this.db('wh_upstream_metadata')
      .where({ repository, sha256 })
      .first('content');
    return row ? Buffer.from(row.content) : undefined;
  }

  async saveMetadata(request: Parameters<ProxyStore['saveMetadata']>[0]) {
    await this.db('wh_upstream_metadata')
      .insert({
        repository: request.repository,
        sha256: request.sha256,
        project: request.project,
        content: request.content,
        fetched_at: request.fetchedAt,
      })
      .onConflict(['repository', 'sha256'])
      .ignore();
  }

  async purgeProject(repository: string, name: string) {
    return this.db.transaction(async trx => {
      await trx('wh_upstream_metadata')
        .where({ repository, project: name })
        .delete();
      const row = await trx('wh_upstream_projects')
        .where({ repository, name })
        .first('id');
      if (!row) return false;
      await trx('wh_upstream_files').where({ project_id: row.id }).delete();
      await trx('wh_upstream_projects').where({ id: row.id }).delete();
      return true;
    });
  }

  async countProjects(repository: string) {
    const row = await this.db('wh_upstream_projects')
      .where({ repository, missing: false })
      .count({ count: '*' })
      .first();
    return Number(row?.count ?? 0);
  }

  async storedFiles(repository: string) {
    const row = await this.db('wh_files')
      .where({ repository })
      .count({ files: '*' })
      .sum({ bytes: 'size' })
      .first();
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  async getTracks(repository: string, project: string) {
    const row = await this.db('wh_project_tracks')
      .where({ repository, project })
      .first('tracks');
    return row ? (JSON.parse(row.tracks) as string[]) : [];
  }

  async setTracks(
    repository: string,
    project: string,
    tracks: string[],
    by?: string,
  ) {
    if (!tracks.length) {
      await this.db('wh_project_tracks')
        .where({ repository, project })
        .delete();
      return;
    }
    const values = {
      tracks: JSON.stringify(tracks),
      updated_by: by ?? null,
      updated_at: new Date().toISOString(),
    };
    await this.db('wh_project_tracks')
      .insert({ repository, project, ...values })
      .onConflict(['repository', 'project'])
      .merge(Object.keys(values));
  }
}

function toProject(row: Record<string, any>): CachedUpstreamProject {
  return {
    id: row.id,
    repository: row.repository,
    name: row.name,
    displayName: row.display_name,
    missing: Boolean(row.missing),
    etag: row.etag ?? undefined,
    versions: row.versions ? JSON.parse(row.versions) : undefined,
    fetchedAt: row.fetched_at,
    expiresAt: row.expires_at,
  };
}

function toFile(row: Record<string, any>): UpstreamFile {
  return {
    filename: row.filename,
    url: row.url,
    sha256: row.sha256,
    requiresPython: row.requires_python ?? undefined,
    yanked: row.yanked ?? undefined,
    size:
      row.size === null || row.size === undefined
        ? undefined
        : Number(row.size),
    uploadTime: row.upload_time ?? undefined,
    metadataSha256: row.metadata_sha256 ?? undefined,
  };
}
