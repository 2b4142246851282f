import { Knex } from 'knex';
import { DatabaseCustomMetadataStore } from './DatabaseCustomMetadataStore';
import { DatabaseDownloadCounts } from './DatabaseDownloadCounts';
import { DatabaseListingStore } from './DatabaseListingStore';
import { DatabaseRecycleBinStore } from './DatabaseRecycleBinStore';
import { DatabaseRepositoryStore } from './DatabaseRepositoryStore';
import { DatabaseTagStore } from './DatabaseTagStore';
import { DatabaseUploadStore } from './DatabaseUploadStore';
import { DatabaseVersionStateStore } from './DatabaseVersionStateStore';
import { PackageStore } from './PackageStore';

/**
 * PackageStore on a knex database (SQLite or PostgreSQL): the stores of each concern behind the one contract.
 * Callers needing one concern can take its narrower interface (RepositoryStore, ListingStore, ...).
 */
export class DatabasePackageStore implements PackageStore {
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

  syncRepositories: PackageStore['syncRepositories'] = repositories =>
    this.repositories.syncRepositories(repositories);
  listRepositories: PackageStore['listRepositories'] = () =>
    this.repositories.listRepositories();

  addFile: PackageStore['addFile'] = file => this.uploads.addFile(file);

  listIndexedProjects: PackageStore['listIndexedProjects'] = (
    repository,
    options,
  ) => this.listing.listIndexedProjects(repository, options);
  getProject: PackageStore['getProject'] = (repository, name) =>
    this.listing.getProject(repository, name);
  getProjectListing: PackageStore['getProjectListing'] = (
    repository,
    name,
    options,
  ) => this.listing.getProjectListing(repository, name, options);
  findFile: PackageStore['findFile'] = (repository, sha256, filename) =>
    this.listing.findFile(repository, sha256, filename);
  listArtifacts: PackageStore['listArtifacts'] = query =>
    this.listing.listArtifacts(query);

  changeVersionState: PackageStore['changeVersionState'] = request =>
    this.versionStates.changeVersionState(request);

  listRecycleBin: PackageStore['listRecycleBin'] = repository =>
    this.recycleBin.listRecycleBin(repository);
  purgeVersion: PackageStore['purgeVersion'] = request =>
    this.recycleBin.purgeVersion(request);

  getCustomMetadata: PackageStore['getCustomMetadata'] = versionId =>
    this.customMetadata.getCustomMetadata(versionId);
  updateCustomMetadata: PackageStore['updateCustomMetadata'] = (
    versionId,
    change,
  ) => this.customMetadata.updateCustomMetadata(versionId, change);

  listTags: PackageStore['listTags'] = projectId =>
    this.tags.listTags(projectId);
  listTagsOfProjects = (projectIds: number[]) =>
    this.tags.listTagsOfProjects(projectIds);
  setTag: PackageStore['setTag'] = (projectId, tag, versionId, by) =>
    this.tags.setTag(projectId, tag, versionId, by);
  removeTag: PackageStore['removeTag'] = (projectId, tag) =>
    this.tags.removeTag(projectId, tag);

  addDownloadCounts: PackageStore['addDownloadCounts'] = increments =>
    this.downloadCounts.addDownloadCounts(increments);
  downloadCountsByDay: PackageStore['downloadCountsByDay'] = options =>
    this.downloadCounts.downloadCountsByDay(options);
}
