/**
 * Wheels and sdists built in-process, byte by byte, so that property tests can make thousands of them (valid ones,
 * and every kind of broken one: truncated, lying headers, bombs, traversal names, wrong encodings) without starting
 * Python. The valid ones are real: pip installs the wheels (the soak test does).
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

// ------------------------------------------------------------------------------------------------------------
// zip

export interface ZipEntry {
  /** The member name; a Buffer is written as is (for names that are not valid UTF-8). */
  name: string | Buffer;
  data?: Buffer;
  /** 0 stored, 8 deflated (default); anything else is written as the method number with the data stored. */
  method?: number;
  /** Header values that lie about the data (for the bomb and corruption cases). */
  declaredCrc32?: number;
  declaredUncompressedSize?: number;
  declaredCompressedSize?: number;
  /** Unix mode for the external attributes (e.g. 0o120777 for a symlink). */
  unixMode?: number;
  /** Sets the "encrypted" general purpose bit. */
  encrypted?: boolean;
}

export interface ZipOptions {
  /** Central-directory records that all point at the first local entry (an "overlapping" zip bomb). */
  overlappingCopies?: number;
}

function crc32(data: Buffer): number {
  return zlib.crc32(data) >>> 0;
}

/** A plain (non-zip64) zip archive. */
export function buildZip(
  entries: ZipEntry[],
  options: ZipOptions = {},
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const records: { header: Buffer; name: Buffer }[] = [];
  for (const entry of entries) {
    const name =
      typeof entry.name === 'string'
        ? Buffer.from(entry.name, 'utf8')
        : entry.name;
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? 8;
    const stored = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = entry.declaredCrc32 ?? crc32(data);
    const compressedSize = entry.declaredCompressedSize ?? stored.length;
    const uncompressedSize = entry.declaredUncompressedSize ?? data.length;
    const flags =
      (typeof entry.name === 'string' ? 0x0800 : 0) |
      (entry.encrypted ? 0x0001 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize >>> 0, 18);
    local.writeUInt32LE(uncompressedSize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5821, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressedSize >>> 0, 20);
    central.writeUInt32LE(uncompressedSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(
      (((entry.unixMode ?? 0o100644) & 0xffff) << 16) >>> 0,
      38,
    );
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, stored);
    offset += local.length + name.length + stored.length;
    records.push({ header: central, name });
  }
  for (const record of records) centrals.push(record.header, record.name);
  for (let i = 0; i < (options.overlappingCopies ?? 0) && records.length; i++) {
    const copy = Buffer.from(records[0].header);
    const name = Buffer.from(`overlap/${i}`);
    copy.writeUInt16LE(name.length, 28);
    centrals.push(copy, name);
  }
  const centralBytes = Buffer.concat(centrals);
  const count =
    records.length + (records.length ? (options.overlappingCopies ?? 0) : 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  if (count < 0xffff) return Buffer.concat([...locals, centralBytes, end]);
  // More entries than 16 bits hold: a zip64 end record and its locator carry the real count.
  const zip64 = Buffer.alloc(56);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(44n, 4);
  zip64.writeUInt16LE(45, 12);
  zip64.writeUInt16LE(45, 14);
  zip64.writeBigUInt64LE(BigInt(count), 24);
  zip64.writeBigUInt64LE(BigInt(count), 32);
  zip64.writeBigUInt64LE(BigInt(centralBytes.length), 40);
  zip64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + centralBytes.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, centralBytes, zip64, locator, end]);
}

// ------------------------------------------------------------------------------------------------------------
// tar.gz

export interface TarEntry {
  name: string;
  data?: Buffer;
  /** '0' file (default), '5' directory, '2' symlink, '1' hard link. */
  type?: '0' | '5' | '2' | '1';
  linkname?: string;
  /** A size field that lies about the data. */
  declaredSize?: number;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function tarHeader(
  name: string,
  size: number,
  type: string,
  linkname = '',
): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(1_700_000_000, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(type, 156, 'ascii');
  header.write(linkname, 157, 100, 'utf8');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest ? Buffer.concat([data, Buffer.alloc(512 - rest)]) : data;
}

/** A PAX extended header carrying a long path (over the 100 bytes of a ustar name). */
function paxHeader(name: string): Buffer {
  const rest = Buffer.byteLength(` path=${name}\n`);
  let length = rest + 1;
  while (String(length).length + rest !== length)
    length = String(length).length + rest;
  const bytes = Buffer.from(`${length} path=${name}\n`, 'utf8');
  return Buffer.concat([
    tarHeader('PaxHeader', bytes.length, 'x'),
    padded(bytes),
  ]);
}

/** The uncompressed tar stream of the entries, ended with two zero blocks unless `unterminated`. */
export function buildTar(
  entries: TarEntry[],
  options: { unterminated?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    const type = entry.type ?? '0';
    if (Buffer.byteLength(entry.name) > 100) parts.push(paxHeader(entry.name));
    parts.push(
      tarHeader(
        entry.name,
        entry.declaredSize ?? (type === '0' ? data.length : 0),
        type,
        entry.linkname,
      ),
    );
    if (data.length) parts.push(padded(data));
  }
  if (!options.unterminated) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function buildTarGz(
  entries: TarEntry[],
  options: { unterminated?: boolean } = {},
): Buffer {
  return zlib.gzipSync(buildTar(entries, options));
}

/**
 * A gzip bomb shaped like an sdist: a member of `zeroMiB` MiB of zeros before the real PKG-INFO, written as
 * concatenated gzip members so that building it costs a few KiB, not the decompressed size.
 */
export function buildTarGzBomb(
  top: string,
  zeroMiB: number,
  pkgInfo: Buffer,
): Buffer {
  const mib = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  const members = [
    zlib.gzipSync(tarHeader(`${top}/padding.bin`, zeroMiB * 1024 * 1024, '0')),
  ];
  for (let i = 0; i < zeroMiB; i++) members.push(mib);
  members.push(
    zlib.gzipSync(buildTar([{ name: `${top}/PKG-INFO`, data: pkgInfo }])),
  );
  return Buffer.concat(members);
}

// ------------------------------------------------------------------------------------------------------------
// distributions

/** `Foo.Bar-baz` → `foo_bar_baz`: the escaped name used in wheel and sdist filenames and .dist-info directories. */
export function escapeName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

export function escapeVersion(version: string): string {
  return version.replace(/-/g, '_');
}

export interface MetadataSpec {
  name: string;
  version: string;
  summary?: string;
  requiresPython?: string;
  /** Extra header lines, written as given. */
  headers?: string[];
  description?: string;
  /** Default 2.1. */
  metadataVersion?: string;
}

/** METADATA / PKG-INFO text. */
export function metadataText(spec: MetadataSpec): string {
  const lines = [
    `Metadata-Version: ${spec.metadataVersion ?? '2.1'}`,
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
  ];
  if (spec.summary !== undefined) lines.push(`Summary: ${spec.summary}`);
  if (spec.requiresPython !== undefined)
    lines.push(`Requires-Python: ${spec.requiresPython}`);
  lines.push(...(spec.headers ?? []));
  return `${lines.join('\n')}\n\n${spec.description ?? 'A Wheelhouse reliability test package.'}\n`;
}

export interface Distribution {
  filename: string;
  content: Buffer;
  /** The exact metadata bytes inside (METADATA or PKG-INFO). */
  metadata: Buffer;
  sha256: string;
}

export interface WheelSpec extends MetadataSpec {
  /** Replaces the METADATA bytes (wrong encodings, huge files, ...). */
  metadataBytes?: Buffer;
  /** Extra members, added after the regular ones. */
  extraEntries?: ZipEntry[];
  /** Bytes of stored (uncompressed) padding in the package module, to reach a chosen file size. */
  padding?: number;
  /** Python source of the package's __init__.py (after `__version__`). */
  moduleBody?: string;
  /** Overrides the filename (the archive is built as usual). */
  filename?: string;
}

function recordHash(data: Buffer): string {
  return `sha256=${crypto.createHash('sha256').update(data).digest('base64url')}`;
}

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A pure-Python `py3-none-any` wheel that pip installs: package module, METADATA, WHEEL and a correct RECORD. */
export function buildWheel(spec: WheelSpec): Distribution {
  const dist = escapeName(spec.name);
  const version = escapeVersion(spec.version);
  const info = `${dist}-${version}.dist-info`;
  const metadata =
    spec.metadataBytes ?? Buffer.from(metadataText(spec), 'utf8');
  const module = Buffer.from(
    `__version__ = ${JSON.stringify(spec.version)}\n${spec.moduleBody ? `${spec.moduleBody}\n` : ''}${
      spec.padding ? `# ${'x'.repeat(spec.padding)}\n` : ''
    }`,
  );
  const wheel = Buffer.from(
    'Wheel-Version: 1.0\nGenerator: wheelhouse-reliability\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  );
  const files: [string, Buffer][] = [
    [`${dist}/__init__.py`, module],
    [`${info}/METADATA`, metadata],
    [`${info}/WHEEL`, wheel],
  ];
  const record = Buffer.from(
    [
      ...files.map(
        ([name, data]) => `${name},${recordHash(data)},${data.length}`,
      ),
      `${info}/RECORD,,`,
      '',
    ].join('\n'),
  );
  // With padding every member is stored, so that the file size follows the padding exactly.
  const method = spec.padding ? 0 : 8;
  const entries: ZipEntry[] = files.map(([name, data]) => ({
    name,
    data,
    method,
  }));
  entries.push(
    { name: `${info}/RECORD`, data: record, method },
    ...(spec.extraEntries ?? []),
  );
  const content = buildZip(entries);
  return {
    filename: spec.filename ?? `${dist}-${version}-py3-none-any.whl`,
    content,
    metadata,
    sha256: sha256(content),
  };
}

export interface SdistSpec extends MetadataSpec {
  metadataBytes?: Buffer;
  extraEntries?: TarEntry[];
  filename?: string;
}

/** A `.tar.gz` sdist with `{name}-{version}/PKG-INFO` and a setup.py. */
export function buildSdist(spec: SdistSpec): Distribution {
  const top = `${escapeName(spec.name)}-${escapeVersion(spec.version)}`;
  const metadata =
    spec.metadataBytes ?? Buffer.from(metadataText(spec), 'utf8');
  const content = buildTarGz([
    { name: `${top}/`, type: '5' },
    { name: `${top}/PKG-INFO`, data: metadata },
    {
      name: `${top}/setup.py`,
      data: Buffer.from('from setuptools import setup\nsetup()\n'),
    },
    ...(spec.extraEntries ?? []),
  ]);
  return {
    filename: spec.filename ?? `${top}.tar.gz`,
    content,
    metadata,
    sha256: sha256(content),
  };
}

/** A wheel of exactly `size` bytes (padding is stored uncompressed, so the size is under control). */
export function buildWheelOfSize(spec: WheelSpec, size: number): Distribution {
  const base = buildWheel({ ...spec, padding: 1 });
  if (base.content.length > size)
    throw new Error(
      `a wheel of ${spec.name} needs at least ${base.content.length} bytes`,
    );
  // Padding appears in the module and in RECORD's size column, so a couple of rounds settle it.
  let padding = 1 + (size - base.content.length);
  for (let round = 0; round < 8; round++) {
    const wheel = buildWheel({ ...spec, padding });
    if (wheel.content.length === size) return wheel;
    padding += size - wheel.content.length;
  }
  throw new Error(`could not build a wheel of exactly ${size} bytes`);
}
