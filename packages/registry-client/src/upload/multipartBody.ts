import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';

/** A form field; repeated names (classifiers, requires_dist) are separate entries, as twine sends them. */
export type FormField = [name: string, value: string];

export interface MultipartFile {
  field: string;
  filename: string;
  path: string;
  size: number;
}

export interface MultipartBody {
  contentType: string;
  /** Known in advance, so the request has a Content-Length and no chunked encoding (some proxies want that). */
  contentLength: number;
  /** A fresh stream of the whole body, the file read from disk in chunks; call again for a retry. */
  open(): Readable;
}

/** Quoted-string parameter: CR, LF and `"` would break the header, so they are percent-escaped as browsers do. */
function quote(value: string): string {
  return `"${value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')}"`;
}

/** multipart/form-data (RFC 7578) with the file part last, streamed from disk so memory stays flat. */
export function multipartBody(
  fields: FormField[],
  file: MultipartFile,
): MultipartBody {
  const boundary = `----wheelhouse-${crypto.randomBytes(16).toString('hex')}`;
  const parts = fields.map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name=${quote(name)}\r\n\r\n${value}\r\n`,
      'utf8',
    ),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name=${quote(file.field)}; filename=${quote(file.filename)}\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
      'utf8',
    ),
  );
  const head = Buffer.concat(parts);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.size + tail.length,
    open: () =>
      Readable.from(
        (async function* () {
          yield head;
          let sent = 0;
          for await (const chunk of fs.createReadStream(file.path, {
            highWaterMark: 256 * 1024,
          })) {
            sent += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
          // A file that changed after hashing would make the declared length (and the digests) wrong.
          if (sent !== file.size)
            throw new Error(`${file.path} changed while it was being uploaded`);
          yield tail;
        })(),
        { objectMode: false },
      ),
  };
}
