import { NotFoundError } from '../errors';
import { isValidProjectName, normalizeProjectName } from '../pep';
import { PackageStore } from '../store/PackageStore';
import { FileRecord, ProjectRecord, VersionRecord } from '../store/types';
import { isInstallable } from './visibility';

/** One file as the simple API offers it. */
export interface IndexFile {
  file: FileRecord;
  version: VersionRecord;
}

export interface ProjectIndex {
  project: ProjectRecord;
  /** Installable versions, in ascending PEP 440 order. */
  versions: VersionRecord[];
  files: IndexFile[];
}

/** What the simple and JSON APIs list: installable versions only (disabled and deleted ones vanish). */
export class IndexService {
  constructor(private readonly options: { packages: PackageStore }) {}

  listProjects(repository: string) {
    return this.options.packages.listIndexedProjects(repository);
  }

  async getProject(repository: string, name: string): Promise<ProjectIndex> {
    if (!isValidProjectName(name))
      throw new NotFoundError(`Project ${name} not found`);
    const listing = await this.options.packages.getProjectListing(
      repository,
      normalizeProjectName(name),
    );
    const versions = listing?.versions.filter(isInstallable) ?? [];
    if (!listing || !versions.length)
      throw new NotFoundError(`Project ${name} not found`);
    const byId = new Map(versions.map(version => [version.id, version]));
    const files = listing.files
      .filter(file => byId.has(file.versionId))
      .map(file => ({ file, version: byId.get(file.versionId)! }));
    return { project: listing.project, versions, files };
  }
}
