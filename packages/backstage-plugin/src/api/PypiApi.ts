import { createApiRef } from '@backstage/core-plugin-api';
import {
  CachePurgeResult,
  CreatedToken,
  DistributionFile,
  DownloadSeries,
  MetadataChange,
  NewToken,
  ProjectDetails,
  ProjectPage,
  ProjectQuery,
  ProxyCache,
  PurgeResult,
  RecycleBin,
  Repository,
  SetupGuide,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import {
  NewTrustedPublisher,
  TrustedPublisher,
  VersionProvenance,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** Where a version is: repository, project name and version (any PEP 440 spelling, or `latest`). */
export interface VersionRef {
  repository: string;
  name: string;
  version: string;
}

/** The PyPI repository's management API, as the portal's pages use it. */
export interface PypiApi {
  listRepositories(): Promise<Repository[]>;
  listArtifacts(repository: string, query?: ProjectQuery): Promise<ProjectPage>;
  getArtifact(repository: string, name: string): Promise<ProjectDetails>;
  getVersion(ref: VersionRef): Promise<VersionDetails>;
  getDownloads(
    repository: string,
    name: string,
    options?: { days?: number; version?: string },
  ): Promise<DownloadSeries>;

  /** Disables a version with a required reason: pip passes over it (listed as yanked, or hidden), its files answer 403. */
  disableVersion(ref: VersionRef, reason: string): Promise<VersionDetails>;
  enableVersion(ref: VersionRef): Promise<VersionDetails>;
  /** Moves a version to the recycle bin; answers it there. */
  deleteVersion(ref: VersionRef, reason?: string): Promise<VersionDetails>;
  /** Sets and removes custom metadata of one version; answers the version with every entry it then has. */
  updateMetadata(
    ref: VersionRef,
    change: MetadataChange,
  ): Promise<VersionDetails>;

  /** Points a tag at a version (moving it if it pointed elsewhere); answers that version, with every tag of the artifact. */
  setTag(ref: VersionRef, tag: string): Promise<VersionDetails>;
  /** Removes a tag; answers the version it pointed at, with the tags left. */
  removeTag(
    repository: string,
    name: string,
    tag: string,
  ): Promise<VersionDetails>;

  getRecycleBin(repository: string): Promise<RecycleBin>;
  restoreVersion(ref: VersionRef): Promise<VersionDetails>;
  /** Removes a version in the recycle bin for good; answers what was removed. */
  purgeVersion(ref: VersionRef): Promise<PurgeResult>;

  /** A proxy repository's cache: what it stored from its upstream and how often it was used. */
  getCache(repository: string): Promise<ProxyCache>;
  /**
   * Drops what a proxy stored of one artifact; it is fetched from the upstream again on the next request. Disabled
   * versions stay, and keep blocking their release.
   */
  purgeCache(repository: string, name: string): Promise<CachePurgeResult>;

  /** The user guide: ~/.pypirc, twine, pip.conf and pip commands, filled in for this portal and user name. */
  getGuide(
    repository: string,
    options?: { username?: string },
  ): Promise<SetupGuide>;
  /** Creates a registry token for the signed-in user; the secret is shown once. */
  createPersonalToken(request: NewToken): Promise<CreatedToken>;

  /** The verified provenance of each file of a version (null for files not uploaded by trusted publishing). */
  getProvenance(ref: VersionRef): Promise<VersionProvenance>;
  /** The repository's trusted publishers, or one project's. */
  listTrustedPublishers(
    repository: string,
    project?: string,
  ): Promise<TrustedPublisher[]>;
  addTrustedPublisher(
    repository: string,
    publisher: NewTrustedPublisher,
  ): Promise<TrustedPublisher>;
  removeTrustedPublisher(repository: string, id: string): Promise<void>;

  /** The URL pip and browsers download a file from. */
  getFileUrl(
    repository: string,
    file: Pick<DistributionFile, 'sha256' | 'filename'>,
  ): Promise<string>;
  /** Downloads a file with the user's credentials (for repositories that need them). */
  downloadFile(
    repository: string,
    file: Pick<DistributionFile, 'sha256' | 'filename'>,
  ): Promise<Blob>;
}

export const pypiApiRef = createApiRef<PypiApi>({ id: 'plugin.pypi.service' });
