import { RepositoryEndpoints } from '@wheelhouse/registry-client';
import { VersionAnnotation } from './annotateVersions';
import { UploadedFile } from './upload';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const OUTCOME: Record<UploadedFile['outcome'], string> = {
  created: 'uploaded',
  identical: 'already there (same content)',
  skipped: 'skipped (file exists)',
};

/** The job summary: one row per file (size, sha256, download link), then what was set on each version. */
export function publishSummary(options: {
  endpoints: RepositoryEndpoints;
  files: UploadedFile[];
  annotations: VersionAnnotation[];
}): string {
  const rows = options.files.map(file => {
    const link = file.url
      ? `<a href="${escapeHtml(file.url)}">download</a>`
      : '';
    return `<tr><td><code>${escapeHtml(file.filename)}</code></td><td>${formatBytes(file.size)}</td><td><code>${escapeHtml(file.sha256)}</code></td><td>${escapeHtml(OUTCOME[file.outcome])}</td><td>${link}</td></tr>`;
  });
  const lines = [
    `<h2>Published to Wheelhouse repository ${escapeHtml(options.endpoints.repository)}</h2>`,
    '<table>',
    '<tr><th>File</th><th>Size</th><th>SHA-256</th><th>Result</th><th>Link</th></tr>',
    ...rows,
    '</table>',
  ];
  for (const annotation of options.annotations) {
    const keys = Object.keys(annotation.metadata);
    const parts = [];
    if (keys.length)
      parts.push(
        `metadata ${keys.map(key => `<code>${escapeHtml(key)}</code>`).join(', ')}`,
      );
    if (annotation.tags.length)
      parts.push(
        `tags ${annotation.tags.map(tag => `<code>${escapeHtml(tag)}</code>`).join(', ')}`,
      );
    if (parts.length)
      lines.push(
        `<p>${escapeHtml(annotation.name)} ${escapeHtml(annotation.version)}: ${parts.join('; ')}</p>`,
      );
  }
  lines.push(
    `<p>Install with <code>pip install --index-url ${escapeHtml(options.endpoints.indexUrl)} ${escapeHtml(options.files[0]?.name ?? '')}</code></p>`,
  );
  return `${lines.join('\n')}\n`;
}
