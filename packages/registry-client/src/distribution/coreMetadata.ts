/**
 * METADATA / PKG-INFO (RFC 822-style core metadata), parsed just enough to fill the upload form: every header
 * under its lower-cased name, in order, and the description (a header in old files, the body since 2.1).
 * A smaller sibling of registry-core's parser, which validates far more on the server anyway.
 */
export interface CoreMetadata {
  /** Header values by lower-cased name; repeated headers (Classifier, Requires-Dist) keep every value. */
  fields: Map<string, string[]>;
  description?: string;
}

const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/;

export function parseCoreMetadata(bytes: Buffer): CoreMetadata {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the metadata is not valid UTF-8');
  }
  const lines = text.split(/\r\n|\r|\n/);
  const headers: { name: string; lines: string[] }[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      i++;
      break;
    }
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.lines.push(line);
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (!match) break;
    headers.push({ name: match[1].toLowerCase(), lines: [match[2]] });
  }
  const body = lines.slice(i).join('\n').replace(/\s+$/, '');

  const fields = new Map<string, string[]>();
  let description: string | undefined;
  for (const header of headers) {
    if (header.name === 'description') {
      description ??= unfoldDescription(header.lines);
      continue;
    }
    const value = header.lines
      .map(part => part.trim())
      .filter(Boolean)
      .join(' ');
    fields.set(header.name, [...(fields.get(header.name) ?? []), value]);
  }
  return {
    fields,
    description: description ?? (body.trim() ? body : undefined),
  };
}

/** setuptools indents continuation lines by 8 spaces; the spec's alternative prefixes them with 7 spaces and `|`. */
function unfoldDescription([first, ...continuations]: string[]): string {
  const piped =
    continuations.length > 0 &&
    continuations.every(line => /^ {7,8}\|/.test(line));
  const prefix = piped ? /^ {7,8}\|/ : /^(?: {1,8}|\t)/;
  return [first, ...continuations.map(line => line.replace(prefix, ''))]
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\s+$/, '');
}

/** The first value of a single-use field. */
export function field(
  metadata: CoreMetadata,
  name: string,
): string | undefined {
  return metadata.fields.get(name.toLowerCase())?.[0];
}
