import { Readable } from 'node:stream';

/** One distribution file as an upstream project page lists it. */
export interface UpstreamFile {
  filename: string;
  /** Absolute URL of the file on the upstream (or where it sends us). */
  url: string;
  sha256: string;
  requiresPython?: string;
  /** Set when the file is yanked (PEP 592): the reason, empty when none was given. */
  yanked?: string;
  size?: number;
  /** ISO-8601, PEP 700. */
  uploadTime?: string;
  /** sha256 of the PEP 658 metadata file, when the upstream offers one. */
  metadataSha256?: string;
}

/** An upstream project page, in whichever format it came: PEP 691 JSON or PEP 503 HTML. */
export interface UpstreamPage {
  /** The project's name as the upstream spells it (normalised name when it doesn't say). */
  name: string;
  files: UpstreamFile[];
  /** PEP 700 versions, when the upstream lists them. */
  versions?: string[];
}

export type UpstreamAnswer =
  | { status: 'ok'; page: UpstreamPage; etag?: string; maxAgeSeconds?: number }
  | { status: 'not-modified'; maxAgeSeconds?: number }
  | { status: 'not-found' };

export interface UpstreamDownload {
  body: Readable;
  /** Content-Length, when the upstream sent one. */
  size?: number;
}

/**
 * An upstream simple index as a proxy repository reads it. Failures (refused, reset, an answer that is not a page,
 * a 5xx) throw BadGatewayError; timeouts throw GatewayTimeoutError, both with the reason.
 */
export interface UpstreamIndex {
  /** The upstream URL of a project page (PEP 708 `tracks` name it). */
  projectUrl(project: string): string;
  /** Fetches a project page; with `etag`, revalidates it (If-None-Match). */
  fetchProject(
    project: string,
    options?: { etag?: string },
  ): Promise<UpstreamAnswer>;
  /** Opens a file (or its `.metadata`) at an absolute URL taken from a page. */
  download(url: string): Promise<UpstreamDownload>;
}
