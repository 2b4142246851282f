import { ProjectIndex } from '../../service/IndexService';
import { indexYank } from '../../service/visibility';
import { escapeHtml } from '../html';
import { SimpleFormat } from '../negotiate';

/** PEP 700 bumped the simple API to 1.1 (versions, size, upload-time). */
export const SIMPLE_API_VERSION = '1.1';

/** Where a project page links its files: relative, so the index works under any mount point or proxy. */
export function fileHref(sha256: string, filename: string): string {
  return `../../files/${sha256}/${encodeURIComponent(filename)}`;
}

export function renderProjectList(
  format: SimpleFormat,
  projects: { name: string; displayName: string }[],
): string {
  if (format === 'json') {
    return JSON.stringify({
      meta: { 'api-version': SIMPLE_API_VERSION },
      projects: projects.map(project => ({ name: project.displayName })),
    });
  }
  const links = projects
    .map(
      project =>
        `    <a href="${escapeHtml(project.name)}/">${escapeHtml(project.displayName)}</a><br/>`,
    )
    .join('\n');
  return page('Simple index', links);
}

export function renderProjectPage(
  format: SimpleFormat,
  index: ProjectIndex,
): string {
  if (format === 'json') {
    return JSON.stringify({
      meta: { 'api-version': SIMPLE_API_VERSION },
      name: index.project.name,
      versions: index.versions.map(version => version.version),
      files: index.files.map(({ file, version }) => {
        const yank = indexYank(version);
        const coreMetadata = file.metadataSha256
          ? { sha256: file.metadataSha256 }
          : false;
        return {
          filename: file.filename,
          url: fileHref(file.sha256, file.filename),
          hashes: { sha256: file.sha256, blake2b_256: file.blake2_256 },
          'requires-python': file.requiresPython ?? null,
          // PEP 714: only the new key in JSON. pip 22.3 to 23.1 (Debian 12's pip is 23.0.1) fail hard on any
          // `dist-info-metadata` key in JSON; the HTML page may carry both attributes, and does.
          'core-metadata': coreMetadata,
          yanked: yank ? yank.reason || true : false,
          size: file.size,
          'upload-time': file.uploadedAt,
        };
      }),
    });
  }
  const links = index.files
    .map(({ file, version }) => {
      const yank = indexYank(version);
      return fileAnchor({
        href: fileHref(file.sha256, file.filename),
        sha256: file.sha256,
        filename: file.filename,
        requiresPython: file.requiresPython,
        metadataSha256: file.metadataSha256,
        yanked: yank ? (yank.reason ?? '') : undefined,
      });
    })
    .join('\n');
  return page(
    `Links for ${index.project.displayName}`,
    `    <h1>Links for ${escapeHtml(index.project.displayName)}</h1>\n${links}`,
  );
}

/** One file's line of a PEP 503 project page, with its PEP 592, 658/714 and requires-python attributes. */
export function fileAnchor(file: {
  href: string;
  sha256: string;
  filename: string;
  requiresPython?: string | null;
  metadataSha256?: string | null;
  /** The yank reason ('' for none given); undefined when not yanked. */
  yanked?: string;
}): string {
  const attributes = [`href="${escapeHtml(file.href)}#sha256=${file.sha256}"`];
  if (file.requiresPython)
    attributes.push(
      `data-requires-python="${escapeHtml(file.requiresPython)}"`,
    );
  if (file.metadataSha256) {
    attributes.push(`data-core-metadata="sha256=${file.metadataSha256}"`);
    attributes.push(`data-dist-info-metadata="sha256=${file.metadataSha256}"`);
  }
  if (file.yanked !== undefined)
    attributes.push(`data-yanked="${escapeHtml(file.yanked)}"`);
  return `    <a ${attributes.join(' ')}>${escapeHtml(file.filename)}</a><br/>`;
}

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    `    <meta name="pypi:repository-version" content="${SIMPLE_API_VERSION}">`,
    `    <title>${escapeHtml(title)}</title>`,
    '  </head>',
    '  <body>',
    body,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}
