import {
  AuditEvent,
  DownloadSeries,
  ProjectDetails,
  ProjectPage,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { BlobLedger } from '../blob/BlobLedger';
import { InputError } from '../errors';
import { isValidProjectName, normalizeProjectName } from '../pep';
import { AuditLog } from '../store/AuditLog';
import { ProjectListQuery, ProjectStore } from '../store/ProjectStore';
import { FileRecord, RepositoryRecord } from '../store/types';
import { AnnotationService } from './AnnotationService';
import { publicProject, publicTag, summarise } from './publicRecords';
import { RecycleBinService } from './RecycleBinService';
import { VersionResolver } from './VersionResolver';
import { VersionStateService } from './VersionStateService';

export interface ManagementServiceOptions {
  projects: ProjectStore;
  /** Removes a purged version's blobs when nothing else uses them. */
  ledger: BlobLedger;
  audit: AuditLog;
  log?: (message: string) => void;
  /** Days a deleted version stays in the recycle bin before it is purged; undefined keeps it until purged by hand. */
  retentionDays?: number;
  maxMetadataEntries?: number;
  onChange?: (repository: string, project: string) => void;
}

/**
 * The management features behind the UI and the GitHub actions. Browsing is here; the commands are in the services
 * of their concern: version states, the recycle bin, annotations (custom metadata and tags).
 */
export class ManagementService {
  readonly versionStates: VersionStateService;
  readonly recycleBin: RecycleBinService;
  readonly annotations: AnnotationService;
  private readonly versions: VersionResolver;

  constructor(private readonly options: ManagementServiceOptions) {
    const { projects, audit, onChange } = options;
    this.versions = new VersionResolver({ projects });
    this.versionStates = new VersionStateService({
      projects,
      versions: this.versions,
      audit,
      onChange,
    });
    this.recycleBin = new RecycleBinService({
      projects,
      versions: this.versions,
      ledger: options.ledger,
      audit,
      log: options.log,
      retentionDays: options.retentionDays,
      onChange,
    });
    this.annotations = new AnnotationService({
      projects,
      versions: this.versions,
      audit,
      maxMetadataEntries: options.maxMetadataEntries,
    });
  }

  /** The repositories as the database records them; routes add what configuration says (listedRepository). */
  listRepositories(): Promise<RepositoryRecord[]> {
    return this.options.projects.listRepositories();
  }

  async listProjectPage(query: ProjectListQuery): Promise<ProjectPage> {
    const { projects } = this.options;
    const { items, total } = await projects.listProjectPage(query);
    // One query for the tags of the whole page, not one per project.
    const tags = projects.listTagsOfProjects
      ? await projects.listTagsOfProjects(items.map(project => project.id))
      : new Map(
          await Promise.all(
            items.map(
              async project =>
                [project.id, await projects.listTags(project.id)] as const,
            ),
          ),
        );
    const withTags = items.map(project => ({
      ...publicProject(project),
      tags: (tags.get(project.id) ?? []).map(publicTag),
    }));
    return { items: withTags, total, offset: query.offset, limit: query.limit };
  }

  async getProjectDetails(
    repository: string,
    name: string,
  ): Promise<ProjectDetails> {
    const listing = await this.versions.listing(repository, name);
    // Files grouped once: summarising each version by scanning every file is quadratic in the number of versions.
    const filesByVersion = new Map<number, FileRecord[]>();
    for (const file of listing.files) {
      const files = filesByVersion.get(file.versionId);
      if (files) files.push(file);
      else filesByVersion.set(file.versionId, [file]);
    }
    const versions = listing.versions
      .map(version => summarise(version, filesByVersion.get(version.id) ?? []))
      .reverse();
    return {
      ...publicProject(listing.project),
      tags: (await this.options.projects.listTags(listing.project.id)).map(
        publicTag,
      ),
      versions,
    };
  }

  async getVersion(
    repository: string,
    name: string,
    version: string,
  ): Promise<VersionDetails> {
    return this.versions.describe(
      await this.versions.resolve(repository, name, version),
    );
  }

  /** Downloads per day for the last `days` days (zeros included, oldest first), of the project or one version. */
  async downloadSeries(request: {
    repository: string;
    name: string;
    version?: string;
    days: number;
  }): Promise<DownloadSeries> {
    const days = Math.min(Math.max(Math.trunc(request.days) || 30, 1), 366);
    const listing = await this.versions.listing(
      request.repository,
      request.name,
    );
    let versionId: number | undefined;
    if (request.version)
      versionId = (
        await this.versions.resolve(
          request.repository,
          request.name,
          request.version,
        )
      ).version.id;
    const since = new Date(Date.now() - (days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const counts = await this.options.projects.downloadCountsByDay({
      projectId: listing.project.id,
      versionId,
      since,
    });
    const byDay = new Map(counts.map(entry => [entry.day, entry.count]));
    const series = Array.from({ length: days }, (_, index) => {
      const day = new Date(Date.parse(since) + index * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return { day, count: byDay.get(day) ?? 0 };
    });
    return { days, series };
  }

  async auditTrail(request: {
    repository: string;
    name?: string;
    limit?: number;
    before?: number;
  }): Promise<AuditEvent[]> {
    const limit = Math.min(Math.max(request.limit ?? 50, 1), 500);
    return this.options.audit.list({
      repository: request.repository,
      project: request.name ? validName(request.name) : undefined,
      limit,
      before: request.before,
    });
  }
}

function validName(name: string): string {
  if (!isValidProjectName(name))
    throw new InputError(`Invalid package name ${JSON.stringify(name)}`);
  return normalizeProjectName(name);
}
