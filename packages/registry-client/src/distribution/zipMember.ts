import fs from 'node:fs/promises';
import zlib from 'node:zlib';

/** A member we look for in an archive: `match` gets the path split into segments. */
export interface MemberQuery {
  match(segments: string[]): boolean;
  /** Largest member accepted (METADATA is a few KiB; this guards against bombs). */
  maxBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

async function readAt(
  file: fs.FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error('the archive is truncated');
  return buffer;
}

/** Finds the central directory from the end-of-central-directory record (zip64 too); reads nothing else. */
async function centralDirectory(
  file: fs.FileHandle,
  size: number,
): Promise<{ offset: number; length: number; count: number }> {
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await readAt(file, size - tailLength, tailLength);
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    let count = tail.readUInt16LE(i + 10);
    let length = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (
      (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) &&
      i >= 20 &&
      tail.readUInt32LE(i - 20) === ZIP64_LOCATOR
    ) {
      const record = await readAt(
        file,
        Number(tail.readBigUInt64LE(i - 20 + 8)),
        56,
      );
      if (record.readUInt32LE(0) !== ZIP64_EOCD)
        throw new Error('the zip64 end record is corrupt');
      count = Number(record.readBigUInt64LE(32));
      length = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
    }
    return { offset, length, count };
  }
  throw new Error('not a zip archive (no end of central directory record)');
}

/** Lists a zip's entries from its central directory. */
export async function listZipEntries(file: fs.FileHandle): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  const directory = await centralDirectory(file, size);
  if (
    directory.length > MAX_CENTRAL_DIRECTORY ||
    directory.offset + directory.length > size
  ) {
    throw new Error('the central directory is corrupt or too large');
  }
  const data = await readAt(file, directory.offset, directory.length);
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < directory.count;) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL)
      throw new Error('the central directory is corrupt');
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
    };
    applyZip64Extra(
      entry,
      data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
    );
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets of 0xffffffff live in the zip64 extra field (id 1), in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      for (const key of [
        'size',
        'compressedSize',
        'localHeaderOffset',
      ] as const) {
        if (entry[key] === 0xffffffff && field + 8 <= at + 4 + length) {
          entry[key] = Number(extra.readBigUInt64LE(field));
          field += 8;
        }
      }
    }
    at += 4 + length;
  }
}

/** Reads and inflates one entry: only its own bytes are read from disk. */
export async function readZipEntry(
  file: fs.FileHandle,
  entry: ZipEntry,
  maxBytes: number,
): Promise<Buffer> {
  if (entry.size > maxBytes)
    throw new Error(`${entry.name} is larger than ${maxBytes} bytes`);
  const header = await readAt(file, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL)
    throw new Error(`the local header of ${entry.name} is corrupt`);
  const dataStart =
    entry.localHeaderOffset +
    30 +
    header.readUInt16LE(26) +
    header.readUInt16LE(28);
  const compressed = await readAt(file, dataStart, entry.compressedSize);
  if (entry.method === 0) return compressed;
  if (entry.method !== 8)
    throw new Error(
      `${entry.name} uses unsupported compression method ${entry.method}`,
    );
  return zlib.inflateRawSync(compressed, { maxOutputLength: maxBytes });
}

/** Splits a member path into segments, ignoring empty and `.` ones. */
export function memberSegments(name: string): string[] {
  return name
    .split(/[\\/]/)
    .filter(segment => segment !== '' && segment !== '.');
}
