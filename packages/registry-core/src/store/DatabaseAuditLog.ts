import { Knex } from 'knex';
import { AuditEvent, AuditLog, NewAuditEvent, RecordOptions } from './AuditLog';
import { DbAuditEventsRow } from './tables';

/** AuditLog in the wh_audit_events table. */
export class DatabaseAuditLog implements AuditLog {
  constructor(private readonly db: Knex) {}

  async record(event: NewAuditEvent, options?: RecordOptions): Promise<void> {
    await (options?.transaction ?? this.db)<DbAuditEventsRow>(
      'wh_audit_events',
    ).insert({
      repository: event.repository ?? null,
      project: event.project ?? null,
      version: event.version ?? null,
      action: event.action,
      actor: event.actor ?? null,
      reason: event.reason ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
      created_at: new Date().toISOString(),
    });
  }

  async list(query: {
    repository?: string;
    project?: string;
    limit: number;
    before?: number;
  }): Promise<AuditEvent[]> {
    const builder = this.db<DbAuditEventsRow>('wh_audit_events')
      .orderBy('id', 'desc')
      .limit(query.limit);
    if (query.repository) builder.where({ repository: query.repository });
    if (query.project) builder.where({ project: query.project });
    if (query.before !== undefined) builder.where('id', '<', query.before);
    const rows = await builder;
    return rows.map(row => ({
      id: Number(row.id),
      repository: row.repository ?? undefined,
      project: row.project ?? undefined,
      version: row.version ?? undefined,
      action: row.action,
      actor: row.actor ?? undefined,
      reason: row.reason ?? undefined,
      details: row.details ? JSON.parse(row.details) : undefined,
      createdAt: row.created_at,
    }));
  }
}
