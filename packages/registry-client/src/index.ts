/**
 * @wheelhouse/registry-client: talks to a Wheelhouse registry (or any legacy-upload-API index) with Node's standard
 * library, the shared contract (@wheelhouse/backstage-plugin-pypi-common: API types, limits) and the one
 * distribution-inspection module (yauzl, tar-stream) that the registry itself uses, so the GitHub actions refuse
 * what the registry refuses, bundle small and never pull in the server.
 */
export * from './pep';
export * from './repositoryUrl';
export type { ActionToolkit, Annotation } from './action/actionToolkit';
export { computeFileDigests, type FileDigests } from './hash/fileDigests';
export { HttpError, isRetryable, describeError } from './http/errors';
export { withRetries, type RetryOptions } from './http/retry';
export {
  sendRequest,
  serverMessage,
  retryAfterMs,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from './http/request';
export {
  exchangeOidcToken,
  type ExchangedToken,
  type TokenExchangeOptions,
} from './trusted/exchangeToken';
export {
  multipartBody,
  type FormField,
  type MultipartBody,
} from './upload/multipartBody';
export { uploadFields } from './upload/uploadFields';
export {
  UploadClient,
  isAlreadyExists,
  type UploadClientOptions,
  type UploadResult,
} from './upload/UploadClient';
export {
  ManagementClient,
  type ManagementClientOptions,
} from './management/ManagementClient';
export type { CoreMetadata } from './distribution/coreMetadata';
export { parseCoreMetadata } from './distribution/parseCoreMetadata';
export {
  extractCoreMetadata,
  DEFAULT_MAX_METADATA_BYTES,
  DEFAULT_MAX_SCAN_BYTES,
  MAX_ARCHIVE_ENTRIES,
  type ExtractCoreMetadataOptions,
} from './distribution/extractCoreMetadata';
export { InvalidDistributionError } from './distribution/errors';
export {
  inspectDistribution,
  type Distribution,
} from './distribution/inspectDistribution';
export {
  parseVersionSelector,
  selectVersions,
  sortNewestFirst,
  isBulk,
  type VersionSelector,
} from './versionSelector';
export * from './management/metadataLines';
