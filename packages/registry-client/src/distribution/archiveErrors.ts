import { InvalidDistributionError } from './errors';

// Duck-typed rather than `instanceof Error`: errors made by Node's core come from another realm under jest's vm.
const messageOf = (err: unknown): string =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as Error).message === 'string'
    ? (err as Error).message
    : String(err);

/** Errors from fs calls carry `syscall`; they are about our own disk, not the upload, and must stay 500s. */
function isSystemError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as NodeJS.ErrnoException).syscall === 'string'
  );
}

/**
 * Maps whatever yauzl, zlib or tar-stream threw into an InvalidDistributionError naming the problem, keeping the library's
 * wording in parentheses because it is often the only clue to what exactly is broken.
 */
export function toDistributionError(err: unknown, what: string): Error {
  if (err instanceof InvalidDistributionError || isSystemError(err))
    return err as Error;
  const detail = messageOf(err);
  if (
    /^(absolute path|invalid relative path|invalid characters in fileName)/.test(
      detail,
    )
  ) {
    return new InvalidDistributionError(
      `${what}: unsafe archive member path (${detail})`,
    );
  }
  return new InvalidDistributionError(
    `${what}: the archive is corrupt or truncated (${detail})`,
  );
}

/** "1 MiB" reads better than "1048576 bytes" in a message shown by twine. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0)
    return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
