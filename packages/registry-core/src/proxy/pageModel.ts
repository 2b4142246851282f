// What a proxy's or virtual repository's project page lists, before it is rendered as a simple page (http/simple)
// or a PyPI JSON document (json/).

/** One file as a proxy or virtual page lists it. */
export interface PageFile {
  filename: string;
  /** Relative to the project page. */
  href: string;
  sha256: string;
  blake2b_256?: string;
  /** Known for stored files only (the JSON API's digests); upstream pages give sha256. */
  md5?: string;
  requiresPython?: string;
  metadataSha256?: string;
  /** Set when yanked: the reason, empty when none was given. */
  yanked?: string;
  size?: number;
  uploadTime?: string;
}

/** A project page that is not one hosted repository's listing: a proxy's or a virtual repository's merge. */
export interface PageModel {
  /** PEP 503 normalised. */
  name: string;
  displayName: string;
  versions: string[];
  files: PageFile[];
  /** PEP 708: the projects this one tracks, and where else it is found (virtual pages, api-version 1.2). */
  tracks?: string[];
  alternateLocations?: string[];
  /** Core metadata of the versions whose files are stored, by canonical version (the PyPI JSON API's `info`). */
  metadata?: Record<string, Record<string, unknown>>;
}
