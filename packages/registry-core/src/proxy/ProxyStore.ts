import { UpstreamFile, UpstreamPage } from './UpstreamIndex';

/** What a proxy repository knows of one upstream project page. Times are ISO-8601 UTC. */
export interface CachedUpstreamProject {
  id: number;
  repository: string;
  /** PEP 503 normalised. */
  name: string;
  displayName: string;
  /** The upstream answered 404. */
  missing: boolean;
  etag?: string;
  versions?: string[];
  fetchedAt: string;
  /** Used without asking the upstream until then. */
  expiresAt: string;
}

/**
 * The upstream pages proxy repositories fetched, and the PEP 708 `tracks` of hosted projects, in the shared database:
 * every replica serves what one of them fetched.
 */
export interface ProxyStore {
  getProject(
    repository: string,
    name: string,
  ): Promise<CachedUpstreamProject | undefined>;
  /** The page's files, in the upstream's order. */
  listFiles(projectId: number): Promise<UpstreamFile[]>;
  findFile(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<
    { project: CachedUpstreamProject; file: UpstreamFile } | undefined
  >;
  /** Stores a fetched page (or that the project is missing), replacing what was there. */
  saveProject(request: {
    repository: string;
    name: string;
    page?: UpstreamPage;
    etag?: string;
    fetchedAt: string;
    expiresAt: string;
  }): Promise<void>;
  /** A revalidation answered 304: the stored page is fresh again. */
  touchProject(id: number, fetchedAt: string, expiresAt: string): Promise<void>;
  /** Projects whose pages are stored (not missing ones). */
  listProjects(
    repository: string,
  ): Promise<{ name: string; displayName: string }[]>;
  /** PEP 658 metadata saved for an upstream file, by the metadata's sha256. */
  getMetadata(repository: string, sha256: string): Promise<Buffer | undefined>;
  /** Saves metadata whose sha256 was checked against the page; a second save of the same bytes is a no-op. */
  saveMetadata(request: {
    repository: string;
    project: string;
    sha256: string;
    content: Buffer;
    fetchedAt: string;
  }): Promise<void>;
  /** Forgets a stored page and the metadata saved for the project; answers whether there was a page. */
  purgeProject(repository: string, name: string): Promise<boolean>;
  countProjects(repository: string): Promise<number>;
  /** Files a proxy stored and their bytes. */
  storedFiles(repository: string): Promise<{ files: number; bytes: number }>;

  getTracks(repository: string, project: string): Promise<string[]>;
  /** Replaces a hosted project's tracks; an empty list removes them. */
  setTracks(
    repository: string,
    project: string,
    tracks: string[],
    by?: string,
  ): Promise<void>;
}
