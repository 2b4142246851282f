/**
 * Python packaging standards: project names, PEP 440 versions and specifiers, distribution filenames.
 * They live in the dependency-free @wheelhouse/registry-client (with their tests), so that the server and the
 * GitHub actions apply exactly the same rules.
 */
export {
  canonicalizeVersion,
  compareReleases,
  compareVersions,
  filenameMatches,
  filetypeFor,
  isSafeFilename,
  isPrereleaseVersion,
  isValidProjectName,
  latestVersions,
  MAX_FILENAME_LENGTH,
  MAX_PROJECT_NAME_LENGTH,
  MAX_SPECIFIER_SET_LENGTH,
  MAX_VERSION_LENGTH,
  normalizeProjectName,
  parseDistributionFilename,
  parseSpecifierSet,
  parseVersion,
  Specifier,
  SpecifierSet,
  Version,
  versionIdentity,
  versionSortKey,
} from '@wheelhouse/registry-client';
export type {
  LatestCandidate,
  LatestVersions,
  ParsedFilename,
  ParsedSdistFilename,
  ParsedWheelFilename,
  PreRelease,
  PreReleaseLabel,
  PrereleaseOptions,
  SpecifierOperator,
  VersionParts,
} from '@wheelhouse/registry-client';
