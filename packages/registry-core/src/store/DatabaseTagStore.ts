import { Knex } from 'knex';
import { now } from './clock';
import { TagStore } from './ProjectStore';
import { DbTagsRow, DbVersionsRow } from './tables';
import { TagRecord } from './types';

/** TagStore on a knex database. */
export class DatabaseTagStore implements TagStore {
  constructor(private readonly db: Knex) {}

  async listTags(projectId: number): Promise<TagRecord[]> {
    return (await this.listTagsOfProjects([projectId])).get(projectId) ?? [];
  }

  async listTagsOfProjects(
    projectIds: number[],
  ): Promise<Map<number, TagRecord[]>> {
    const result = new Map<number, TagRecord[]>();
    if (!projectIds.length) return result;
    const rows: (DbTagsRow & Pick<DbVersionsRow, 'version'>)[] = await this.db(
      'wh_tags as t',
    )
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
    await this.db<DbTagsRow>('wh_tags')
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
    const removed = await this.db<DbTagsRow>('wh_tags')
      .where({ project_id: projectId, tag })
      .delete();
    return removed > 0;
  }
}
