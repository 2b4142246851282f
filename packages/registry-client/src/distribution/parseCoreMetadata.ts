import { InvalidDistributionError } from './errors';
import type { CoreMetadata } from './coreMetadata';
import { splitRfc822, type RawHeader } from './rfc822';

export type { CoreMetadata } from './coreMetadata';

/** Fields whose line breaks carry meaning; every other folded header is joined into one line. */
const MULTI_LINE_FIELDS = new Set(['description', 'license']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidDistributionError('METADATA is not valid UTF-8');
  }
}

/**
 * setuptools folds a multi-line Description by indenting every following line with 8 spaces; the core metadata
 * spec's alternative prefixes them with 7 spaces and "|" so blank and indented lines survive. Use the "|" form
 * only when every line has it, so a Markdown table in the 8-space form keeps its leading "|".
 */
function unfoldMultiLine({ first, continuations }: RawHeader): string {
  const piped =
    continuations.length > 0 &&
    continuations.every(line => /^ {7,8}\|/.test(line));
  const prefix = piped ? /^ {7,8}\|/ : /^(?: {1,8}|\t)/;
  const lines = [first, ...continuations.map(line => line.replace(prefix, ''))];
  return lines.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
}

function unfoldSingleLine({ first, continuations }: RawHeader): string {
  return [first, ...continuations]
    .map(part => part.trim())
    .filter(part => part !== '')
    .join(' ');
}

/** Metadata 1.x separated keywords with spaces, later versions with commas; a comma anywhere means the latter. */
function splitKeywords(value: string): string[] {
  return value
    .split(value.includes(',') ? ',' : /\s+/)
    .map(keyword => keyword.trim())
    .filter(keyword => keyword !== '');
}

/** "Label, URL" entries; ones without a label or URL are kept in `raw` only, as pypi.org ignores them too. */
function parseProjectUrls(values: string[]): Record<string, string> {
  const urls = new Map<string, string>();
  for (const value of values) {
    const comma = value.indexOf(',');
    const label = value.slice(0, comma).trim();
    const url = value.slice(comma + 1).trim();
    if (comma >= 0 && label !== '' && url !== '') urls.set(label, url);
  }
  // fromEntries defines own properties, so a "__proto__" label is just a label.
  return Object.fromEntries(urls);
}

/** The spec requires failing on an unknown major version; minor versions are forward compatible. */
function checkMetadataVersion(version: string | null): void {
  if (version === null) return;
  const match = /^(\d+)\.\d+$/.exec(version);
  if (match === null)
    throw new InvalidDistributionError(
      `METADATA has an invalid Metadata-Version: ${JSON.stringify(version)}`,
    );
  const major = Number(match[1]);
  if (major < 1 || major > 2)
    throw new InvalidDistributionError(
      `METADATA has unsupported Metadata-Version ${version} (1.0 to 2.x are supported)`,
    );
}

/** Parses the bytes of a METADATA / PKG-INFO file. Throws InvalidDistributionError for anything an uploader must fix. */
export function parseCoreMetadata(bytes: Buffer): CoreMetadata {
  const { headers, body } = splitRfc822(decodeUtf8(bytes));
  const fields = new Map<string, string[]>();
  for (const header of headers) {
    const key = header.name.toLowerCase();
    const value = MULTI_LINE_FIELDS.has(key)
      ? unfoldMultiLine(header)
      : unfoldSingleLine(header);
    const values = fields.get(key);
    if (values === undefined) fields.set(key, [value]);
    else values.push(value);
  }
  // A repeated single-use field is ambiguous; the first one wins, as with Python's Message.get().
  const one = (key: string): string | null => fields.get(key)?.[0] ?? null;
  const all = (key: string): string[] => [...(fields.get(key) ?? [])];

  const name = one('name');
  if (!name)
    throw new InvalidDistributionError(
      'METADATA is missing the required Name field',
    );
  const version = one('version');
  if (!version)
    throw new InvalidDistributionError(
      'METADATA is missing the required Version field',
    );
  const metadataVersion = one('metadata-version');
  checkMetadataVersion(metadataVersion);

  return {
    metadataVersion,
    name,
    version,
    summary: one('summary'),
    // Metadata 2.1+ puts the description in the body; a Description header, when present, takes precedence.
    description:
      one('description') ?? (body !== null && body.trim() !== '' ? body : null),
    descriptionContentType: one('description-content-type'),
    keywords: all('keywords').flatMap(splitKeywords),
    homePage: one('home-page'),
    downloadUrl: one('download-url'),
    author: one('author'),
    authorEmail: one('author-email'),
    maintainer: one('maintainer'),
    maintainerEmail: one('maintainer-email'),
    license: one('license'),
    licenseExpression: one('license-expression'),
    licenseFiles: all('license-file'),
    classifiers: all('classifier'),
    requiresDist: all('requires-dist'),
    requiresPython: one('requires-python'),
    requiresExternal: all('requires-external'),
    projectUrls: parseProjectUrls(all('project-url')),
    providesExtra: all('provides-extra'),
    platforms: all('platform'),
    supportedPlatforms: all('supported-platform'),
    dynamic: all('dynamic'),
    raw: Object.fromEntries(
      [...fields].map(([key, values]) => [key, [...values]]),
    ),
  };
}
