import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { InvalidDistributionError } from './errors';
import type { ArchiveLayout } from './archiveLayout';
import { formatBytes, toDistributionError } from './archiveErrors';
import { memberSegments } from './archivePath';
import { readBounded } from './readBounded';
import type { MemberLimits } from './zipMember';

export interface TarLimits extends MemberLimits {
  /** Decompressed bytes we are willing to stream past while looking for the member (gzip bombs, zero padding). */
  maxScanBytes: number;
}

/**
 * Streams the .tar.gz at `path` until `layout` picks a member and returns that member's bytes. A tar has no index,
 * so members after the metadata file are not parsed; but the rest of the gzip stream is still read to its end (its
 * CRC and length checked, within the scan limit), so that a truncated or corrupt file is refused, not stored.
 */
export function extractTarGzMember(
  path: string,
  layout: ArchiveLayout,
  limits: TarLimits,
): Promise<Buffer> {
  const { what, memberLabel } = layout;
  return new Promise<Buffer>((resolve, reject) => {
    const input = createReadStream(path);
    const gunzip = createGunzip();
    const extract = tar.extract();
    let settled = false;
    let entries = 0;
    let scanned = 0;
    let found: Buffer | undefined;
    let gunzipEnded = false;

    const settle = (err: unknown, bytes?: Buffer) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip.destroy();
      extract.destroy();
      if (err === null) resolve(bytes as Buffer);
      else reject(toDistributionError(err, what));
    };
    const fail = (err: unknown) => settle(err);

    input.on('error', fail);
    gunzip.on('error', fail);
    extract.on('error', fail);
    gunzip.on('data', (chunk: Buffer) => {
      scanned += chunk.length;
      if (scanned > limits.maxScanBytes) {
        // With the member in hand, what lies beyond the limit goes unchecked (bounded work); without it, a bomb.
        if (found) settle(null, found);
        else
          fail(
            new InvalidDistributionError(
              `${what}: no ${memberLabel} within the first ${formatBytes(limits.maxScanBytes)} of the archive`,
            ),
          );
      }
    });
    gunzip.on('end', () => {
      gunzipEnded = true;
      if (found) settle(null, found);
    });

    extract.on('entry', (header, stream, next) => {
      stream.on('error', () => {}); // the same error also reaches `extract`, which reports it
      if (settled) return;
      try {
        if (++entries > limits.maxEntries) {
          throw new InvalidDistributionError(
            `${what}: too many archive entries (more than ${limits.maxEntries})`,
          );
        }
        const segments = memberSegments(header.name, what);
        if (!layout.visit(segments, header.type === 'directory')) {
          stream.on('end', () => next());
          stream.resume();
          return;
        }
        // A link would make us serve bytes of some other member (or nothing); sdist tools never write one.
        if (header.type !== 'file' && header.type !== 'contiguous-file') {
          throw new InvalidDistributionError(
            `${what}: ${memberLabel} is not a regular file (${header.type})`,
          );
        }
        const tooLarge = () =>
          new InvalidDistributionError(
            `${what}: ${memberLabel} is larger than the ${formatBytes(limits.maxBytes)} limit`,
          );
        if (header.size > limits.maxBytes) throw tooLarge();
        // streamx readables are async-iterable at runtime; their typings just do not say so.
        readBounded(
          stream as unknown as AsyncIterable<Buffer>,
          limits.maxBytes,
          tooLarge,
        ).then(bytes => {
          found = bytes;
          if (gunzipEnded) {
            settle(null, bytes);
            return;
          }
          // Drain the rest of the decompressed stream without parsing it: only its integrity is of interest.
          gunzip.unpipe(extract);
          gunzip.resume();
        }, fail);
      } catch (err) {
        fail(err);
      }
    });
    // Reaching the end of the tar means the member was not there; layout.finish says so in its own words.
    extract.on('finish', () => {
      try {
        layout.finish(false);
      } catch (err) {
        fail(err);
      }
      fail(new InvalidDistributionError(`${what}: no ${memberLabel} found`));
    });
    // Guarantees the promise settles whatever order streamx closes things in.
    extract.on('close', () =>
      fail(
        new InvalidDistributionError(`${what}: the archive ended unexpectedly`),
      ),
    );

    input.pipe(gunzip).pipe(extract);
  });
}
