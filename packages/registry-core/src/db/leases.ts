import { Knex } from 'knex';

/**
 * A lease row in wh_leases: which process runs a global job (the blob collector) until when, so that with several
 * replicas one runs it at a time. Taking it is one conditional UPDATE, so two replicas cannot both succeed.
 */
export async function acquireLease(
  database: Knex,
  lease: { name: string; holder: string; ttlMs: number },
): Promise<boolean> {
  const at = new Date();
  const expiresAt = new Date(at.getTime() + lease.ttlMs).toISOString();
  await database('wh_leases')
    .insert({ name: lease.name, holder: '', expires_at: '' })
    .onConflict('name')
    .ignore();
  const taken = await database('wh_leases')
    .where({ name: lease.name })
    .where(query =>
      query
        .where({ holder: lease.holder })
        .orWhere('expires_at', '<', at.toISOString()),
    )
    .update({ holder: lease.holder, expires_at: expiresAt });
  return taken === 1;
}

/** Gives a lease up before it expires (only if this holder still has it). */
export async function releaseLease(
  database: Knex,
  lease: { name: string; holder: string },
): Promise<void> {
  await database('wh_leases')
    .where({ name: lease.name, holder: lease.holder })
    .update({ expires_at: '' });
}
