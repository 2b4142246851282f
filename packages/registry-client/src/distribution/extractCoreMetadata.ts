import { InvalidDistributionError } from './errors';
import { sdistLayout, wheelLayout } from './archiveLayout';
import { quoteMember } from './archivePath';
import { extractTarGzMember } from './tarGzMember';
import { extractZipMember } from './zipMember';

export const DEFAULT_MAX_METADATA_BYTES = 1024 * 1024;
/** Far beyond any real wheel (large ones have a few tens of thousands of files), small enough to scan quickly. */
export const MAX_ARCHIVE_ENTRIES = 100_000;
/** How much decompressed sdist we stream through looking for PKG-INFO before calling it a gzip bomb. */
export const DEFAULT_MAX_SCAN_BYTES = 2 * 1024 * 1024 * 1024;

export interface ExtractCoreMetadataOptions {
  /** The uploaded file on local disk. */
  path: string;
  kind: 'wheel' | 'sdist';
  /** The distribution's filename; picks the sdist format and names the project a wheel must contain. */
  filename: string;
  /** Largest METADATA / PKG-INFO accepted (default 1 MiB). */
  maxBytes?: number;
  /** sdist .tar.gz only: decompressed bytes to read before giving up on finding PKG-INFO (default 2 GiB). */
  maxScanBytes?: number;
}

/**
 * Returns the exact bytes of a distribution's core metadata file: a wheel's `.dist-info/METADATA` or an sdist's
 * `PKG-INFO`. The bytes are not decoded, because they are later served verbatim as the PEP 658 metadata file and
 * must hash the same. Every problem with the file itself is an InvalidDistributionError; fs errors (our disk) pass through.
 */
export async function extractCoreMetadata(
  options: ExtractCoreMetadataOptions,
): Promise<Buffer> {
  const { path, kind, filename } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES;
  const limits = { maxBytes, maxEntries: MAX_ARCHIVE_ENTRIES };
  if (kind === 'wheel')
    return extractZipMember(path, wheelLayout(filename), limits);

  const lower = filename.toLowerCase();
  if (lower.endsWith('.tar.gz')) {
    return extractTarGzMember(path, sdistLayout(), {
      ...limits,
      maxScanBytes: options.maxScanBytes ?? DEFAULT_MAX_SCAN_BYTES,
    });
  }
  if (lower.endsWith('.zip'))
    return extractZipMember(path, sdistLayout(), limits);
  throw new InvalidDistributionError(
    `Invalid sdist: unsupported archive format ${quoteMember(filename)} (expected .tar.gz or .zip)`,
  );
}
