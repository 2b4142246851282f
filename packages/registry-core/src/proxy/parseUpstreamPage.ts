import { Parser } from 'htmlparser2';
import { isSafeFilename, parseDistributionFilename } from '../pep';
import { UpstreamFile, UpstreamPage } from './UpstreamIndex';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A PEP 691 JSON project page as the files a proxy can offer: only those with a sha256 (nothing else can be checked)
 * and a distribution filename, with relative URLs resolved against the page's.
 */
export function parseJsonPage(
  text: string,
  pageUrl: string,
  project: string,
): UpstreamPage {
  const body = JSON.parse(text) as {
    name?: unknown;
    files?: unknown;
    versions?: unknown;
  };
  if (!body || typeof body !== 'object' || !Array.isArray(body.files))
    throw new Error('the JSON page has no files list');
  const files: UpstreamFile[] = [];
  for (const entry of body.files as Record<string, unknown>[]) {
    if (!entry || typeof entry !== 'object') continue;
    const hashes = entry.hashes as Record<string, unknown> | undefined;
    const metadata = entry['core-metadata'] ?? entry['dist-info-metadata'];
    const file = checked(
      {
        filename: entry.filename,
        url: entry.url,
        sha256: hashes?.sha256,
        requiresPython: entry['requires-python'],
        yanked: yankReason(entry.yanked),
        size: entry.size,
        uploadTime: entry['upload-time'],
        metadataSha256:
          metadata && typeof metadata === 'object'
            ? (metadata as Record<string, unknown>).sha256
            : undefined,
      },
      pageUrl,
    );
    if (file) files.push(file);
  }
  return {
    name: typeof body.name === 'string' ? body.name : project,
    files,
    versions: Array.isArray(body.versions)
      ? body.versions.filter(
          (version): version is string => typeof version === 'string',
        )
      : undefined,
  };
}

/** A PEP 503 HTML project page: its anchors, with the `#sha256=` fragment and the data- attributes PEPs 592/658 add. */
export function parseHtmlPage(
  text: string,
  pageUrl: string,
  project: string,
): UpstreamPage {
  const files: UpstreamFile[] = [];
  let current: { attributes: Record<string, string>; text: string } | undefined;
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes.href)
          base = new URL(attributes.href, pageUrl).toString();
        if (name === 'a') current = { attributes, text: '' };
      },
      ontext(data) {
        if (current) current.text += data;
      },
      onclosetag(name) {
        if (name !== 'a' || !current) return;
        const { attributes, text: label } = current;
        current = undefined;
        if (!attributes.href) return;
        const url = new URL(attributes.href, base);
        const fragment = /(?:^|&)sha256=([0-9a-fA-F]{64})(?:&|$)/.exec(
          url.hash.slice(1),
        );
        url.hash = '';
        const metadata =
          attributes['data-core-metadata'] ??
          attributes['data-dist-info-metadata'];
        const filename =
          label.trim() ||
          decodeURIComponent(url.pathname.split('/').pop() ?? '');
        const file = checked(
          {
            filename,
            url: url.toString(),
            sha256: fragment?.[1]?.toLowerCase(),
            requiresPython: attributes['data-requires-python'],
            yanked: attributes['data-yanked'],
            metadataSha256: /^sha256=([0-9a-fA-F]{64})$/
              .exec(metadata ?? '')?.[1]
              ?.toLowerCase(),
          },
          base,
        );
        if (file) files.push(file);
      },
    },
    {
      decodeEntities: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
    },
  );
  parser.write(text);
  parser.end();
  return { name: project, files };
}

/** The entry as an UpstreamFile, or undefined when it cannot be served safely (no hash, an odd name or URL). */
function checked(
  entry: Record<string, unknown>,
  pageUrl: string,
): UpstreamFile | undefined {
  const { filename, url, sha256 } = entry;
  if (typeof filename !== 'string' || !isSafeFilename(filename))
    return undefined;
  if (!parseDistributionFilename(filename)) return undefined;
  if (
    typeof url !== 'string' ||
    typeof sha256 !== 'string' ||
    !SHA256.test(sha256)
  )
    return undefined;
  let absolute: URL;
  try {
    absolute = new URL(url, pageUrl);
  } catch {
    return undefined;
  }
  if (absolute.protocol !== 'http:' && absolute.protocol !== 'https:')
    return undefined;
  absolute.hash = '';
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.length <= max ? value : undefined;
  return {
    filename,
    url: absolute.toString(),
    sha256,
    requiresPython: text(entry.requiresPython, 256) || undefined,
    yanked: text(entry.yanked, 1000),
    size:
      typeof entry.size === 'number' &&
      Number.isSafeInteger(entry.size) &&
      entry.size >= 0
        ? entry.size
        : undefined,
    uploadTime: text(entry.uploadTime, 32),
    metadataSha256:
      typeof entry.metadataSha256 === 'string' &&
      SHA256.test(entry.metadataSha256)
        ? entry.metadataSha256
        : undefined,
  };
}

/** PEP 592 in JSON: `true`, or the reason as a string; the reason, empty when none. */
function yankReason(value: unknown): string | undefined {
  if (value === true) return '';
  return typeof value === 'string' ? value : undefined;
}
