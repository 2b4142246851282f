import { Knex } from 'knex';
import { DatabaseCustomMetadataStore } from './DatabaseCustomMetadataStore';
import { DatabaseDownloadCounts } from './DatabaseDownloadCounts';
import { DatabaseListingStore } from './DatabaseListingStore';
import { DatabaseRecycleBinStore } from './DatabaseRecycleBinStore';
import { DatabaseRepositoryStore } from './DatabaseRepositoryStore';
import { DatabaseTagStore } from './DatabaseTagStore';
import { DatabaseUploadStore } from './DatabaseUploadStore';
import { DatabaseVersionStateStore } from './DatabaseVersionStateStore';
import { ProjectStore } from './ProjectStore';

/**
 * ProjectStore on a knex database (SQLite or PostgreSQL): the stores of each concern behind the one contract.
 * Callers needing one concern can take its narrower interface (RepositoryStore, ListingStore, ...).
 */
export class DatabaseProjectStore implements ProjectStore {
  private readonly repositories: DatabaseRepositoryStore;
  private readonly uploads: DatabaseUploadStore;
  private readonly listing: DatabaseListingStore;
  private readonly versionStates: DatabaseVersionStateStore;
  private readonly recycleBin: DatabaseRecycleBinStore;
  private readonly customMetadata: DatabaseCustomMetadataStore;
  private readonly tags: DatabaseTagStore;
  private readonly downloadCounts: DatabaseDownloadCounts;

  constructor(db: Knex) {
    this.repositories = new DatabaseRepositoryStore(db);
    this.uploads = new DatabaseUploadStore(db);
    this.listing = new DatabaseListingStore(db);
    this.versionStates = new DatabaseVersionStateStore(db);
    this.recycleBin = new DatabaseRecycleBinStore(db);
    this.customMetadata = new DatabaseCustomMetadataStore(db);
    this.tags = new DatabaseTagStore(db);
    this.downloadCounts = new DatabaseDownloadCounts(db);
  }

  syncRepositories: ProjectStore['syncRepositories'] = repositories =>
    this.repositories.syncRepositories(repositories);
  listRepositories: ProjectStore['listRepositories'] = () =>
    this.repositories.listRepositories();

  addFile: ProjectStore['addFile'] = file => this.uploads.addFile(file);

  listIndexedProjects: ProjectStore['listIndexedProjects'] = (
    repository,
    options,
  ) => this.listing.listIndexedProjects(repository, options);
  getProject: ProjectStore['getProject'] = (repository, name) =>
    this.listing.getProject(repository, name);
  getProjectListing: ProjectStore['getProjectListing'] = (
    repository,
    name,
    options,
  ) => this.listing.getProjectListing(repository, name, options);
  findFile: ProjectStore['findFile'] = (repository, sha256, filename) =>
    this.listing.findFile(repository, sha256, filename);
  listProjectPage: ProjectStore['listProjectPage'] = query =>
    this.listing.listProjectPage(query);

  changeVersionState: ProjectStore['changeVersionState'] = request =>
    this.versionStates.changeVersionState(request);

  listRecycleBin: ProjectStore['listRecycleBin'] = repository =>
    this.recycleBin.listRecycleBin(repository);
  purgeVersion: ProjectStore['purgeVersion'] = request =>
    this.recycleBin.purgeVersion(request);

  getCustomMetadata: ProjectStore['getCustomMetadata'] = versionId =>
    this.customMetadata.getCustomMetadata(versionId);
  updateCustomMetadata: ProjectStore['updateCustomMetadata'] = (
    versionId,
    change,
  ) => this.customMetadata.updateCustomMetadata(versionId, change);

  listTags: ProjectStore['listTags'] = projectId =>
    this.tags.listTags(projectId);
  listTagsOfProjects = (projectIds: number[]) =>
    this.tags.listTagsOfProjects(projectIds);
  setTag: ProjectStore['setTag'] = (projectId, tag, versionId, by) =>
    this.tags.setTag(projectId, tag, versionId, by);
  removeTag: ProjectStore['removeTag'] = (projectId, tag) =>
    this.tags.removeTag(projectId, tag);

  addDownloadCounts: ProjectStore['addDownloadCounts'] = increments =>
    this.downloadCounts.addDownloadCounts(increments);
  downloadCountsByDay: ProjectStore['downloadCountsByDay'] = options =>
    this.downloadCounts.downloadCountsByDay(options);
}

/** @deprecated The store is of projects, as the PyPI specifications call them: use {@link DatabaseProjectStore}. */
export { DatabaseProjectStore as DatabasePackageStore };
