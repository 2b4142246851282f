import fs from 'node:fs';
import zlib from 'node:zlib';
import { memberSegments, MemberQuery } from './zipMember';

const BLOCK = 512;
/** Decompressed bytes we stream past looking for the member before giving up (a gzip bomb, or no PKG-INFO). */
const MAX_SCAN_BYTES = 2 * 1024 * 1024 * 1024;

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private scanned = 0;
  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** Exactly `length` bytes, or undefined at the end of the stream. */
  async read(length: number): Promise<Buffer | undefined> {
    while (this.pending.length < length) {
      const next = await this.chunks.next();
      if (next.done) return undefined;
      this.scanned += next.value.length;
      if (this.scanned > MAX_SCAN_BYTES)
        throw new Error(`no PKG-INFO within the first ${MAX_SCAN_BYTES} bytes`);
      this.pending = this.pending.length
        ? Buffer.concat([this.pending, next.value])
        : next.value;
    }
    const bytes = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    return bytes;
  }

  /** Skips `length` bytes without keeping them. */
  async skip(length: number): Promise<void> {
    while (length > 0) {
      if (!this.pending.length) {
        const next = await this.chunks.next();
        if (next.done) throw new Error('the archive is truncated');
        this.scanned += next.value.length;
        if (this.scanned > MAX_SCAN_BYTES)
          throw new Error(
            `no PKG-INFO within the first ${MAX_SCAN_BYTES} bytes`,
          );
        this.pending = next.value;
      }
      const taken = Math.min(length, this.pending.length);
      this.pending = this.pending.subarray(taken);
      length -= taken;
    }
  }
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end === -1 ? length : end);
}

function octal(header: Buffer, start: number, length: number): number {
  if (header[start] & 0x80)
    throw new Error('tar members over 8 GiB are not supported');
  const value = text(header, start, length).trim();
  return value ? parseInt(value, 8) : 0;
}

/** The `path` record of a pax extended header ("<length> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Streams a .tar.gz until the member matching `query` and returns its bytes, stopping there: a tar has no index,
 * and only the gunzip state is kept in memory. ustar, pax and GNU long names are understood.
 */
export async function extractTarGzMember(
  path: string,
  query: MemberQuery,
): Promise<Buffer | undefined> {
  const input = fs.createReadStream(path);
  const gunzip = zlib.createGunzip();
  input.on('error', error => gunzip.destroy(error));
  const reader = new ByteReader(input.pipe(gunzip)[Symbol.asyncIterator]());
  try {
    let nextName: string | undefined;
    for (;;) {
      const header = await reader.read(BLOCK);
      if (!header || header.every(byte => byte === 0)) return undefined;
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] || 0x30);
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if (type === 'x' || type === 'L') {
        if (size > 1024 * 1024)
          throw new Error('a tar extended header is too large');
        const data = await reader.read(padded);
        if (!data) throw new Error('the archive is truncated');
        nextName =
          type === 'L'
            ? text(data, 0, size)
            : (paxPath(data.subarray(0, size)) ?? nextName);
        continue;
      }
      const prefix =
        header.toString('latin1', 257, 262) === 'ustar'
          ? text(header, 345, 155)
          : '';
      const name =
        nextName ??
        (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      nextName = undefined;
      if ((type === '0' || type === '7') && query.match(memberSegments(name))) {
        if (size > query.maxBytes)
          throw new Error(`${name} is larger than ${query.maxBytes} bytes`);
        const data = await reader.read(padded);
        if (!data) throw new Error('the archive is truncated');
        return Buffer.from(data.subarray(0, size));
      }
      await reader.skip(padded);
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
