import { AuditorService } from '@backstage/backend-plugin-api';
import {
  operationOfAuditEvent,
  operationRule,
} from '@wheelhouse/backstage-plugin-pypi-common';
import {
  AuditEvent,
  AuditLog,
  NewAuditEvent,
  RecordOptions,
} from '@wheelhouse/registry-core';

/** The operations table's severity for the event; medium for an event no operation records. */
function auditSeverity(event: string) {
  const operation = operationOfAuditEvent(event);
  return operation ? operationRule(operation).severity : 'medium';
}

/**
 * Keeps the registry's own audit trail (the UI shows it) and reports every change to Backstage's auditor service
 * too, so the portal's audit pipeline sees who disabled or deleted what.
 */
export class BackstageAuditLog implements AuditLog {
  constructor(
    private readonly options: { trail: AuditLog; auditor: AuditorService },
  ) {}

  async record(event: NewAuditEvent, options?: RecordOptions): Promise<void> {
    await this.options.trail.record(event, options);
    const auditorEvent = await this.options.auditor.createEvent({
      eventId: `version-${event.action}`,
      severityLevel: auditSeverity(event.action),
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
