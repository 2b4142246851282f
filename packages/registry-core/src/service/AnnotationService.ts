import {
  CustomMetadataEntry,
  METADATA_MAX_ENTRIES,
  ProjectTag,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { Principal } from '../auth/AccessPolicy';
import { NotFoundError } from '../errors';
import { AuditLog } from '../store/AuditLog';
import { CustomMetadataStore, TagStore } from '../store/PackageStore';
import { publicTag } from './publicRecords';
import { validateMetadataChange, validateTag } from './validation';
import { versionEvent } from './versionChanges';
import { VersionResolver } from './VersionResolver';
import { VersionCommand } from './VersionStateService';

export interface AnnotationServiceOptions {
  packages: CustomMetadataStore & TagStore;
  versions: VersionResolver;
  audit: AuditLog;
  maxMetadataEntries?: number;
}

/** What people add to versions beside their files: custom metadata entries and the project's tags. */
export class AnnotationService {
  constructor(private readonly options: AnnotationServiceOptions) {}

  async updateMetadata(
    request: VersionCommand & { set?: unknown; remove?: unknown },
  ): Promise<CustomMetadataEntry[]> {
    const { packages, versions, audit } = this.options;
    const change = validateMetadataChange(request.set, request.remove);
    const ref = await versions.resolve(
      request.repository,
      request.name,
      request.version,
    );
    const entries = await packages.updateCustomMetadata(ref.version.id, {
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
    return entries;
  }

  async setTag(
    request: VersionCommand & { tag: unknown },
  ): Promise<ProjectTag[]> {
    const { packages, versions, audit } = this.options;
    const tag = validateTag(request.tag);
    const ref = await versions.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await packages.setTag(
      ref.project.id,
      tag,
      ref.version.id,
      request.principal.actor,
    );
    await audit.record(
      versionEvent(ref, request.principal.actor, 'tag', undefined, { tag }),
    );
    return (await packages.listTags(ref.project.id)).map(publicTag);
  }

  async removeTag(request: {
    repository: string;
    name: string;
    tag: string;
    principal: Principal;
  }): Promise<ProjectTag[]> {
    const { packages, versions, audit } = this.options;
    const listing = await versions.listing(request.repository, request.name);
    const tags = await packages.listTags(listing.project.id);
    const existing = tags.find(tag => tag.tag === request.tag);
    if (!existing)
      throw new NotFoundError(
        `Tag ${request.tag} not found on ${listing.project.displayName}`,
      );
    await packages.removeTag(listing.project.id, request.tag);
    await audit.record({
      repository: request.repository,
      project: listing.project.name,
      version: existing.version,
      action: 'untag',
      actor: request.principal.actor,
      details: { tag: request.tag },
    });
    return (await packages.listTags(listing.project.id)).map(publicTag);
  }
}
