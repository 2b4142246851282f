import { escapeHtml } from '../html';
import { SimpleFormat } from '../negotiate';
import { fileAnchor } from './renderSimple';

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

/** PEP 708 is api-version 1.2; pages that carry none of its keys stay at 1.1 as the hosted ones. */
function apiVersion(model: PageModel): string {
  return model.tracks || model.alternateLocations ? '1.2' : '1.1';
}

export function renderPageModel(
  format: SimpleFormat,
  model: PageModel,
): string {
  const version = apiVersion(model);
  if (format === 'json') {
    const meta: Record<string, unknown> = { 'api-version': version };
    if (model.tracks) meta.tracks = model.tracks;
    return JSON.stringify({
      meta,
      name: model.name,
      versions: model.versions,
      files: model.files.map(file => {
        const hashes: Record<string, string> = { sha256: file.sha256 };
        if (file.blake2b_256) hashes.blake2b_256 = file.blake2b_256;
        const entry: Record<string, unknown> = {
          filename: file.filename,
          url: file.href,
          hashes,
          'requires-python': file.requiresPython ?? null,
          // PEP 714: only the new key in JSON (see renderSimple.ts).
          'core-metadata': file.metadataSha256
            ? { sha256: file.metadataSha256 }
            : false,
          yanked: file.yanked === undefined ? false : file.yanked || true,
        };
        if (file.size !== undefined) entry.size = file.size;
        if (file.uploadTime !== undefined)
          entry['upload-time'] = file.uploadTime;
        return entry;
      }),
      ...(model.alternateLocations
        ? { 'alternate-locations': model.alternateLocations }
        : {}),
    });
  }
  const links = model.files.map(fileAnchor).join('\n');
  const metas = [
    `    <meta name="pypi:repository-version" content="${version}">`,
    ...(model.tracks ?? []).map(
      url => `    <meta name="pypi:tracks" content="${escapeHtml(url)}">`,
    ),
    ...(model.alternateLocations ?? []).map(
      url =>
        `    <meta name="pypi:alternate-locations" content="${escapeHtml(url)}">`,
    ),
  ];
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    ...metas,
    `    <title>Links for ${escapeHtml(model.displayName)}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>Links for ${escapeHtml(model.displayName)}</h1>`,
    links,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}
