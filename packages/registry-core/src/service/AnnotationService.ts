import {
  METADATA_MAX_ENTRIES,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { Principal } from '../auth/AccessPolicy';
import { NotFoundError } from '../errors';
import { AuditLog } from '../store/AuditLog';
import { CustomMetadataStore, TagStore } from '../store/ProjectStore';
import { validateMetadataChange, validateTag } from './validation';
import { versionEvent } from './versionChanges';
import { VersionCommand, VersionResolver } from './VersionResolver';

export interface AnnotationServiceOptions {
  projects: CustomMetadataStore & TagStore;
  versions: VersionResolver;
  audit: AuditLog;
  maxMetadataEntries?: number;
}

/**
 * What people add to versions beside their files: custom metadata entries and the project's tags. Each command
 * answers the version as it left it, as every command on a version does.
 */
export class AnnotationService {
  constructor(private readonly options: AnnotationServiceOptions) {}

  async updateMetadata(
    request: VersionCommand & { set?: unknown; remove?: unknown },
  ): Promise<VersionDetails> {
    const { projects, versions, audit } = this.options;
    const change = validateMetadataChange(request.set, request.remove);
    const ref = await versions.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await projects.updateCustomMetadata(ref.version.id, {
      ...change,
      by: request.principal.actor,
      maxEntries: this.options.maxMetadataEntries ?? METADATA_MAX_ENTRIES,
    });
    await audit.record(
      versionEvent(ref, request.principal.actor, 'metadata', undefined, {
        set: Object.keys(change.set),
        removed: change.remove,
      }),
    );
    return versions.current(ref);
  }

  async setTag(
    request: VersionCommand & { tag: unknown },
  ): Promise<VersionDetails> {
    const { projects, versions, audit } = this.options;
    const tag = validateTag(request.tag);
    const ref = await versions.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await projects.setTag(
      ref.project.id,
      tag,
      ref.version.id,
      request.principal.actor,
    );
    await audit.record(
      versionEvent(ref, request.principal.actor, 'tag', undefined, { tag }),
    );
    return versions.current(ref);
  }

  async removeTag(request: {
    repository: string;
    name: string;
    tag: string;
    principal: Principal;
  }): Promise<VersionDetails> {
    const { projects, versions, audit } = this.options;
    const listing = await versions.listing(request.repository, request.name);
    const tags = await projects.listTags(listing.project.id);
    const existing = tags.find(tag => tag.tag === request.tag);
    if (!existing)
      throw new NotFoundError(
        `Tag ${request.tag} not found on ${listing.project.displayName}`,
      );
    await projects.removeTag(listing.project.id, request.tag);
    await audit.record({
      repository: request.repository,
      project: listing.project.name,
      version: existing.version,
      action: 'untag',
      actor: request.principal.actor,
      details: { tag: request.tag },
    });
    // The version the tag pointed at (tags point at versions outside the recycle bin, which the listing holds).
    const version = listing.versions.find(
      candidate => candidate.id === existing.versionId,
    );
    if (!version)
      throw new NotFoundError(
        `Version ${existing.version} of ${listing.project.displayName} not found`,
      );
    return versions.current({ project: listing.project, version });
  }
}
