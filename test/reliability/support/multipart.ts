/**
 * Multipart bodies of the legacy upload API, built by hand so tests control every byte: field order, duplicates,
 * missing fields, odd filenames, and where the body is cut.
 */
import crypto from 'node:crypto';
import { Distribution } from '@wheelhouse/test-utils/archiveBytes';

export type Part =
  | { name: string; value: string }
  | {
      name: string;
      filename: string | Buffer;
      content: Buffer;
      contentType?: string;
    };

export interface Multipart {
  body: Buffer;
  contentType: string;
}

/** Quotes a header parameter as browsers and requests do: `"` and `\` escaped, CR/LF written as is by the caller. */
function quoteParameter(value: string | Buffer): Buffer {
  const text =
    typeof value === 'string'
      ? Buffer.from(value.replace(/(["\\])/g, '\\$1'), 'utf8')
      : value;
  return Buffer.concat([Buffer.from('"'), text, Buffer.from('"')]);
}

export function buildMultipart(
  parts: Part[],
  boundary = `----wheelhouse${crypto.randomBytes(12).toString('hex')}`,
): Multipart {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name=`),
      quoteParameter(part.name),
    );
    if ('content' in part) {
      chunks.push(
        Buffer.from('; filename='),
        quoteParameter(part.filename),
        Buffer.from(
          `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(
        Buffer.from('\r\n\r\n'),
        Buffer.from(part.value, 'utf8'),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export interface UploadFields {
  name: string;
  version: string;
  filetype?: string;
  [field: string]: string | undefined;
}

/** The fields twine sends for a distribution, digests included; `overrides` replace or (undefined) drop fields. */
export function twineFields(
  dist: Distribution,
  fields: UploadFields,
  overrides: Record<string, string | undefined> = {},
): [string, string][] {
  const wheel = dist.filename.endsWith('.whl');
  const base: Record<string, string | undefined> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    filetype: wheel ? 'bdist_wheel' : 'sdist',
    pyversion: wheel ? 'py3' : 'source',
    sha256_digest: dist.sha256,
    md5_digest: crypto.createHash('md5').update(dist.content).digest('hex'),
    ...fields,
    ...overrides,
  };
  return Object.entries(base).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
}

/** A complete, well-formed upload of `dist`: twine's fields then `content` last, as twine orders them. */
export function uploadBody(
  dist: Distribution,
  fields: UploadFields,
  options: {
    overrides?: Record<string, string | undefined>;
    filename?: string | Buffer;
    extraParts?: Part[];
  } = {},
): Multipart {
  const parts: Part[] = twineFields(dist, fields, options.overrides).map(
    ([name, value]) => ({ name, value }),
  );
  parts.push(...(options.extraParts ?? []));
  parts.push({
    name: 'content',
    filename: options.filename ?? dist.filename,
    content: dist.content,
  });
  return buildMultipart(parts);
}
