/**
 * Distribution inspection. The archive readers and the METADATA parser live in @wheelhouse/registry-client, so
 * that the GitHub actions check a distribution exactly as the registry does; here they only learn to speak in the
 * registry's errors: a broken distribution is the uploader's to fix, a 400.
 */
import {
  extractCoreMetadata as extract,
  InvalidDistributionError,
  parseCoreMetadata as parse,
  type CoreMetadata,
  type ExtractCoreMetadataOptions,
} from '@wheelhouse/registry-client';
import { InputError } from '../errors';

export {
  DEFAULT_MAX_METADATA_BYTES,
  DEFAULT_MAX_SCAN_BYTES,
  MAX_ARCHIVE_ENTRIES,
  type CoreMetadata,
  type ExtractCoreMetadataOptions,
} from '@wheelhouse/registry-client';
export { toPypiJsonInfo, type PypiJsonInfo } from './pypiJsonInfo';
export { sdistHasStaticDependencies } from './staticDependencies';

function asInputError(err: unknown): unknown {
  return err instanceof InvalidDistributionError
    ? new InputError(err.message)
    : err;
}

/** The exact bytes of a wheel's METADATA or an sdist's PKG-INFO; InputError for a broken distribution. */
export async function extractCoreMetadata(
  options: ExtractCoreMetadataOptions,
): Promise<Buffer> {
  try {
    return await extract(options);
  } catch (err) {
    throw asInputError(err);
  }
}

/** Parses METADATA / PKG-INFO bytes; InputError for anything the uploader must fix. */
export function parseCoreMetadata(bytes: Buffer): CoreMetadata {
  try {
    return parse(bytes);
  } catch (err) {
    throw asInputError(err);
  }
}
