export {
  extractCoreMetadata,
  DEFAULT_MAX_METADATA_BYTES,
  DEFAULT_MAX_SCAN_BYTES,
  MAX_ARCHIVE_ENTRIES,
  type ExtractCoreMetadataOptions,
} from './extractCoreMetadata';
export {
  parseCoreMetadata,
  toPypiJsonInfo,
  type CoreMetadata,
  type PypiJsonInfo,
} from './parseCoreMetadata';
export { sdistHasStaticDependencies } from './staticDependencies';
