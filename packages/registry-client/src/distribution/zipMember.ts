import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InvalidDistributionError } from './errors';
import type { ArchiveLayout } from './archiveLayout';
import { formatBytes, toDistributionError } from './archiveErrors';
import { memberSegments, quoteMember } from './archivePath';
import { crc32 } from './crc32';
import { readBounded } from './readBounded';

export interface MemberLimits {
  maxBytes: number;
  maxEntries: number;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // lazyEntries: we pull entries one at a time, so nothing runs ahead of our checks. decodeStrings (default)
    // makes yauzl reject absolute and ".." names itself; strictFileNames off turns "\" into "/" first.
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, validateEntrySizes: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

/** Reads the next central-directory entry, or null at the end. Listeners are per call so none leak between calls. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    function done() {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    }
    function onEntry(entry: Entry) {
      done();
      resolve(entry);
    }
    function onEnd() {
      done();
      resolve(null);
    }
    function onError(err: Error) {
      done();
      reject(err);
    }
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function readMember(
  zip: ZipFile,
  entry: Entry,
  layout: ArchiveLayout,
  maxBytes: number,
): Promise<Buffer> {
  const { what, memberLabel } = layout;
  const tooLarge = () =>
    new InvalidDistributionError(
      `${what}: ${memberLabel} is larger than the ${formatBytes(maxBytes)} limit`,
    );
  // The declared size is checked before inflating anything; yauzl then enforces it while inflating, so a
  // header that lies about the size fails within the first chunk past the limit as well.
  if (entry.uncompressedSize > maxBytes) throw tooLarge();
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new InvalidDistributionError(
      `${what}: ${memberLabel} uses unsupported compression method ${entry.compressionMethod}`,
    );
  }
  const bytes = await readBounded(
    await zip.openReadStreamPromise(entry),
    maxBytes,
    tooLarge,
  );
  if (crc32(bytes) !== entry.crc32)
    throw new InvalidDistributionError(
      `${what}: ${memberLabel} fails its CRC-32 check (corrupt archive)`,
    );
  return bytes;
}

/**
 * Returns the bytes of the one member `layout` picks out of the zip at `path`. Every entry is checked (the
 * central directory is small, and we must know the metadata file is unique), but only that member is inflated.
 */
export async function extractZipMember(
  path: string,
  layout: ArchiveLayout,
  limits: MemberLimits,
): Promise<Buffer> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw toDistributionError(err, layout.what);
  }
  // A late error (e.g. closing the file) with no listener would crash the process; nextEntry reports the rest.
  zip.on('error', () => {});
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new InvalidDistributionError(
        `${layout.what}: too many archive entries (${zip.entryCount}, at most ${limits.maxEntries} allowed)`,
      );
    }
    let found: Buffer | undefined;
    for (
      let entry = await nextEntry(zip);
      entry !== null;
      entry = await nextEntry(zip)
    ) {
      const segments = memberSegments(entry.fileName, layout.what);
      if (entry.isEncrypted()) {
        throw new InvalidDistributionError(
          `${layout.what}: encrypted archive entries are not supported (${quoteMember(entry.fileName)})`,
        );
      }
      if (!layout.visit(segments, entry.fileName.endsWith('/'))) continue;
      if (found !== undefined)
        throw new InvalidDistributionError(
          `${layout.what}: more than one ${layout.memberLabel} entry`,
        );
      // Read now rather than after the scan: with autoClose, yauzl closes the file once the last entry is read.
      found = await readMember(zip, entry, layout, limits.maxBytes);
    }
    layout.finish(found !== undefined);
    return found as Buffer;
  } catch (err) {
    throw toDistributionError(err, layout.what);
  } finally {
    zip.close();
  }
}
