import {
  InsufficientStorageError,
  RegistryError,
  ServiceUnavailableError,
} from '../errors';

/** Socket errors of a database or storage that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
/** PostgreSQL SQLSTATEs of a server going away, not admitting, or cancelling a statement that ran too long. */
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|57014|53300)$/;
/** node-pg's and tarn's messages for connections that time out or break (they carry no code). */
const DRIVER_MESSAGES =
  /^timeout expired$|Query read timeout|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly|the database system is (starting up|shutting down)/i;

/**
 * An infrastructure failure as the status a client can act on: the database or storage unreachable or too slow is a
 * 503 with Retry-After, a full disk (ENOSPC, EDQUOT, PostgreSQL's disk_full, SQLITE_FULL) a 507. Anything else is
 * undefined (a 500).
 */
export function outageError(error: unknown): RegistryError | undefined {
  for (let cause = error, depth = 0; cause && depth < 4; depth += 1) {
    const { code, name, message } = cause as {
      code?: unknown;
      name?: string;
      message?: string;
    };
    if (
      code === 'ENOSPC' ||
      code === 'EDQUOT' ||
      code === '53100' ||
      code === 'SQLITE_FULL'
    )
      return new InsufficientStorageError(
        'Insufficient storage: the registry is out of disk space; try again once space has been freed',
      );
    if (name === 'KnexTimeoutError')
      return new ServiceUnavailableError(
        'Service unavailable: the database is not answering (no connection in time); try again shortly',
      );
    if (
      (typeof code === 'string' &&
        (UNREACHABLE.has(code) || PG_UNAVAILABLE.test(code))) ||
      (typeof message === 'string' && DRIVER_MESSAGES.test(message))
    )
      return new ServiceUnavailableError(
        'Service unavailable: the database cannot be reached or is not answering; try again shortly',
      );
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
