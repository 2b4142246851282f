/** One recorded change: who did what to which version, when and why. */
export interface AuditEvent {
  id: number;
  repository?: string;
  project?: string;
  version?: string;
  action: string;
  actor?: string;
  reason?: string;
  details?: Record<string, unknown>;
  createdAt: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'createdAt'>;

/** The audit trail of every change made through the registry. */
export interface AuditLog {
  record(event: NewAuditEvent): Promise<void>;
  list(query: {
    repository?: string;
    project?: string;
    limit: number;
    before?: number;
  }): Promise<AuditEvent[]>;
}
