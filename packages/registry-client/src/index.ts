/**
 * @wheelhouse/registry-client: talks to a Wheelhouse registry (or any legacy-upload-API index) with Node's standard
 * library and the shared contract (@wheelhouse/backstage-plugin-pypi-common: API types, limits), so the GitHub
 * actions bundle small and never pull in the server.
 */
export * from './pep';
export * from './repositoryUrl';
export { Blake2b, blake2b256 } from './hash/blake2b';
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
export {
  parseCoreMetadata,
  field as metadataField,
  type CoreMetadata,
} from './distribution/coreMetadata';
export { readDistributionMetadata } from './distribution/readMetadata';
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
