import { escapeHtml } from '../html';
import { SimpleFormat } from '../negotiate';
import { PageModel } from '../../proxy/pageModel';
import { fileAnchor } from './renderSimple';

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
