import { NotFoundError } from '../errors';
import { isValidProjectName, normalizeProjectName } from '../pep';
import { ListingStore } from '../store/ProjectStore';
import {
  DisabledVersions,
  FileRecord,
  ProjectRecord,
  VersionRecord,
} from '../store/types';
import { isListed } from './visibility';

/** One file as the simple API offers it. */
export interface IndexFile {
  file: FileRecord;
  version: VersionRecord;
}

export interface ProjectIndex {
  project: ProjectRecord;
  /** Listed versions, in ascending PEP 440 order (disabled ones too, as yanked, unless the repository hides them). */
  versions: VersionRecord[];
  files: IndexFile[];
}

export interface IndexServiceOptions {
  projects: ListingStore;
  /** How a repository's index shows disabled versions; `yanked` when not given. */
  disabledVersions?: (repository: string) => DisabledVersions | undefined;
}

/**
 * What the simple and JSON APIs list. Deleted versions vanish. Disabled versions stay listed as yanked (PEP 592,
 * reason `disabled: …`), so that pip tells whoever pins one why it is refused while its files answer 403; a
 * repository configured `disabledVersions: hidden` leaves them out instead.
 */
export class IndexService {
  constructor(private readonly options: IndexServiceOptions) {}

  listProjects(repository: string) {
    return this.options.projects.listIndexedProjects(repository, {
      includeDisabled: this.mode(repository) === 'yanked',
    });
  }

  async getProject(repository: string, name: string): Promise<ProjectIndex> {
    if (!isValidProjectName(name))
      throw new NotFoundError(`Project ${name} not found`);
    const listing = await this.options.projects.getProjectListing(
      repository,
      normalizeProjectName(name),
    );
    const mode = this.mode(repository);
    const versions =
      listing?.versions.filter(version => isListed(version, mode)) ?? [];
    if (!listing || !versions.length)
      throw new NotFoundError(`Project ${name} not found`);
    const byId = new Map(versions.map(version => [version.id, version]));
    const files = listing.files
      .filter(file => byId.has(file.versionId))
      .map(file => ({ file, version: byId.get(file.versionId)! }));
    return { project: listing.project, versions, files };
  }

  private mode(repository: string): DisabledVersions {
    return this.options.disabledVersions?.(repository) ?? 'yanked';
  }
}
