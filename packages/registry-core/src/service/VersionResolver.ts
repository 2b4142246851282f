import { VersionDetails } from '@wheelhouse/backstage-plugin-pypi-common';
import { Principal } from '../auth/AccessPolicy';
import { InputError, NotFoundError } from '../errors';
import {
  isValidProjectName,
  latestVersions,
  normalizeProjectName,
  versionIdentity,
} from '../pep';
import {
  CustomMetadataStore,
  ListingStore,
  TagStore,
} from '../store/ProjectStore';
import { ProjectListing, ProjectRecord, VersionRecord } from '../store/types';
import {
  publicFile,
  publicProject,
  publicTag,
  summarise,
} from './publicRecords';

/** A command on one version, named as the request names it, by whom. */
export interface VersionCommand {
  repository: string;
  name: string;
  version: string;
  principal: Principal;
}

/** A version found by name, with the project and listing it was found in. */
export interface ResolvedVersion {
  listing: ProjectListing;
  project: ProjectRecord;
  version: VersionRecord;
}

export interface VersionResolverOptions {
  projects: ListingStore & TagStore & CustomMetadataStore;
}

/** Finds projects and versions by the names a request gives, and describes a version as the API answers it. */
export class VersionResolver {
  constructor(private readonly options: VersionResolverOptions) {}

  /** The project with its versions (those in the recycle bin too when asked); 404 when there is none. */
  async listing(
    repository: string,
    name: string,
    includeDeleted = false,
  ): Promise<ProjectListing> {
    if (!isValidProjectName(name))
      throw new NotFoundError(`Package ${name} not found`);
    const listing = await this.options.projects.getProjectListing(
      repository,
      normalizeProjectName(name),
      { includeDeleted },
    );
    if (!listing || (!includeDeleted && !listing.versions.length))
      throw new NotFoundError(`Package ${name} not found`);
    return listing;
  }

  /** Finds a version by any PEP 440 spelling, or `latest`. Versions in the recycle bin only when asked for. */
  async resolve(
    repository: string,
    name: string,
    version: string,
    options?: { inBin?: boolean },
  ): Promise<ResolvedVersion> {
    const inBin = options?.inBin ?? false;
    const listing = await this.listing(repository, name, inBin);
    const candidates = listing.versions.filter(
      candidate => Boolean(candidate.deleted) === inBin,
    );
    let found: VersionRecord | undefined;
    if (version === 'latest' && !inBin)
      found = latestVersions(candidates.map(installableCandidate)).latest
        ?.record;
    else {
      const canonical = versionIdentity(version);
      if (!canonical)
        throw new InputError(`Invalid version ${JSON.stringify(version)}`);
      found = candidates.find(candidate => candidate.canonical === canonical);
    }
    if (!found) {
      const where = inBin ? ' in the recycle bin' : '';
      throw new NotFoundError(
        `Version ${version} of ${listing.project.displayName} not found${where}`,
      );
    }
    return { listing, project: listing.project, version: found };
  }

  /**
   * The version as a change left it, found by id whatever state a concurrent change has put it in since (looking it
   * up by name again would answer 404 for a change that was made, and audited, if it was deleted meanwhile).
   */
  async current(
    ref: Pick<ResolvedVersion, 'project' | 'version'>,
  ): Promise<VersionDetails> {
    const listing = await this.listing(
      ref.project.repository,
      ref.project.name,
      true,
    );
    const version = listing.versions.find(
      candidate => candidate.id === ref.version.id,
    );
    if (!version)
      throw new NotFoundError(
        `Version ${ref.version.version} of ${ref.project.displayName} not found`,
      );
    return this.describe({ listing, project: listing.project, version });
  }

  async describe(ref: ResolvedVersion): Promise<VersionDetails> {
    const { projects } = this.options;
    const files = ref.listing.files.filter(
      file => file.versionId === ref.version.id,
    );
    const tags = await projects.listTags(ref.project.id);
    return {
      project: publicProject(ref.project),
      ...summarise(ref.version, files),
      requiresPython: ref.version.requiresPython,
      deleted: ref.version.deleted,
      yankedReason: ref.version.yanked?.reason,
      uploadedBy: files[0]?.uploadedBy,
      files: files.map(publicFile),
      coreMetadata: ref.version.coreMetadata ?? {},
      customMetadata: await projects.getCustomMetadata(ref.version.id),
      tags: tags
        .filter(tag => tag.versionId === ref.version.id)
        .map(tag => tag.tag),
      allTags: tags.map(publicTag),
    };
  }
}

/** A version for the "latest" rule: installable unless disabled, yanked or deleted. */
function installableCandidate(record: VersionRecord) {
  return {
    record,
    version: record.canonical,
    installable: !record.deleted && !record.disabled && !record.yanked,
  };
}
