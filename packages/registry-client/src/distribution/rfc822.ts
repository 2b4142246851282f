/** One header as written: `first` is the text after "Name:", `continuations` the folded lines under it, verbatim. */
export interface RawHeader {
  name: string;
  first: string;
  continuations: string[];
}

export interface Rfc822Message {
  headers: RawHeader[];
  /** Everything after the blank line, or null when there is none. */
  body: string | null;
}

// RFC 822 field names: printable ASCII except ":" (and space). `s`: lines are split on CR/LF only, as Python does;
// a U+2028 / U+2029 inside a value is text, and without the flag `.` would stop there and end the headers early.
const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/s;

/**
 * Splits RFC 822-style text into headers and body the way Python's email parser (which wrote and reads core
 * metadata) does: a line starting with whitespace continues the previous header, a blank line ends the headers,
 * and a line that is not a header at all is taken as the start of the body.
 */
export function splitRfc822(text: string): Rfc822Message {
  const lines = text.split(/\r\n|\r|\n/);
  const headers: RawHeader[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') return { headers, body: lines.slice(i + 1).join('\n') };
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      last.continuations.push(line);
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (match === null) break;
    headers.push({ name: match[1], first: match[2], continuations: [] });
  }
  return { headers, body: i < lines.length ? lines.slice(i).join('\n') : null };
}
