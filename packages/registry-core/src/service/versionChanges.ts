import { ConflictError } from '../errors';
import { NewAuditEvent } from '../store/AuditLog';
import { VersionStateConflict } from '../store/ProjectStore';
import { statusOf } from './publicRecords';
import { ResolvedVersion } from './VersionResolver';

type VersionOf = Pick<ResolvedVersion, 'project' | 'version'>;

/** The audit row of a change to a version. */
export function versionEvent(
  ref: VersionOf,
  actor: string,
  action: string,
  reason?: string,
  details?: Record<string, unknown>,
): NewAuditEvent {
  return {
    repository: ref.project.repository,
    project: ref.project.name,
    version: ref.version.version,
    action,
    actor,
    reason,
    ...(details ? { details } : {}),
  };
}

/** A lost race as a 409 that says what the version is now; any other error as it is. */
export function conflictError(error: unknown, ref: VersionOf): unknown {
  if (!(error instanceof VersionStateConflict)) return error;
  const name = `Version ${ref.version.version} of ${ref.project.displayName}`;
  const current = error.current;
  const status = current ? statusOf(current) : 'purged';
  const yanked = Boolean(current?.yanked);
  let message: string;
  if (!current) message = `${name} was purged`;
  else if (error.transition === 'enable' && !current.deleted)
    message = `${name} is not disabled`;
  else if (error.transition === 'unyank' && !current.deleted)
    message = `${name} is not yanked`;
  else if (current.deleted)
    message = `${name} is in the recycle bin (deleted ${current.deleted.at}${current.deleted.by ? ` by ${current.deleted.by}` : ''})`;
  else message = `${name} is not in the recycle bin (it is ${status})`;
  return new ConflictError(message, {
    current: { version: ref.version.version, status, yanked },
  });
}
