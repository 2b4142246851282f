import { AuditorService } from '@backstage/backend-plugin-api';
import { AuditEvent, AuditLog, NewAuditEvent } from '@wheelhouse/registry-core';

const SEVERITY: Record<string, 'low' | 'medium' | 'high'> = {
  upload: 'low',
  metadata: 'low',
  tag: 'low',
  untag: 'low',
  disable: 'medium',
  enable: 'medium',
  yank: 'medium',
  unyank: 'medium',
  delete: 'high',
  restore: 'medium',
  purge: 'high',
};

/**
 * Keeps the registry's own audit trail (the UI shows it) and reports every change to Backstage's auditor service
 * too, so the portal's audit pipeline sees who disabled or deleted what.
 */
export class BackstageAuditLog implements AuditLog {
  constructor(
    private readonly options: { trail: AuditLog; auditor: AuditorService },
  ) {}

  async record(event: NewAuditEvent): Promise<void> {
    await this.options.trail.record(event);
    const auditorEvent = await this.options.auditor.createEvent({
      eventId: `version-${event.action}`,
      severityLevel: SEVERITY[event.action] ?? 'medium',
      meta: {
        repository: event.repository ?? null,
        package: event.project ?? null,
        version: event.version ?? null,
        actor: event.actor ?? null,
        reason: event.reason ?? null,
      },
    });
    await auditorEvent.success();
  }

  list(query: {
    repository?: string;
    project?: string;
    limit: number;
    before?: number;
  }): Promise<AuditEvent[]> {
    return this.options.trail.list(query);
  }
}
