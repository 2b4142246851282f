import { Knex } from 'knex';

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

/** Where an event is written: inside the transaction of the change it records, when the store runs one. */
export interface RecordOptions {
  transaction?: Knex.Transaction;
}

/** The audit trail of every change made through the registry. */
export interface AuditLog {
  record(event: NewAuditEvent, options?: RecordOptions): Promise<void>;
  list(query: {
    repository?: string;
    project?: string;
    limit: number;
    before?: number;
  }): Promise<AuditEvent[]>;
}
