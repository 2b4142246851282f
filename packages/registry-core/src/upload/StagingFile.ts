import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBLAKE2b } from 'hash-wasm';
import { PayloadTooLargeError } from '../errors';

/** Digests of a staged upload, lowercase hex, as the legacy upload API names them. */
export interface Digests {
  sha256: string;
  md5: string;
  blake2_256: string;
}

export interface StagedFile extends Digests {
  path: string;
  size: number;
}

/**
 * Streams an upload to a temporary file while computing its size and every digest the upload API may send, so
 * memory stays flat whatever the file size. The file is removed again unless the caller takes it over.
 */
export async function stageStream(
  source: Readable,
  options: { directory: string; maxBytes: number },
): Promise<StagedFile> {
  await fs.promises.mkdir(options.directory, { recursive: true });
  const file = path.join(
    options.directory,
    `upload-${process.pid}-${crypto.randomBytes(8).toString('hex')}.part`,
  );
  const sha256 = crypto.createHash('sha256');
  const md5 = crypto.createHash('md5');
  const blake2 = await createBLAKE2b(256);
  blake2.init();
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) {
        callback(
          new PayloadTooLargeError(
            `File exceeds the upload limit of ${options.maxBytes} bytes`,
          ),
        );
        return;
      }
      sha256.update(chunk);
      md5.update(chunk);
      blake2.update(chunk);
      callback(null, chunk);
    },
  });
  // Given up on while we awaited (the request failed): a pipeline from a destroyed stream would never settle.
  if (source.destroyed)
    throw new Error('The upload was abandoned before it was staged');
  const output = fs.createWriteStream(file, { flags: 'wx' });
  try {
    await pipeline(source, hashing, output);
  } catch (error) {
    // The file is opened asynchronously: when the pipeline fails before that, it is created only now.
    if (!output.closed)
      await new Promise<void>(resolve => output.once('close', () => resolve()));
    await fs.promises.rm(file, { force: true });
    throw error;
  }
  return {
    path: file,
    size,
    sha256: sha256.digest('hex'),
    md5: md5.digest('hex'),
    blake2_256: blake2.digest('hex'),
  };
}

/** Removes staging files left behind by a crashed process. Only old ones: another replica may be writing now. */
export async function sweepStagingDirectory(
  directory: string,
  olderThanMs = 60 * 60 * 1000,
): Promise<number> {
  let removed = 0;
  const entries = await fs.promises
    .readdir(directory)
    .catch(() => [] as string[]);
  for (const entry of entries) {
    const file = path.join(directory, entry);
    const stats = await fs.promises.stat(file).catch(() => undefined);
    if (stats?.isFile() && Date.now() - stats.mtimeMs > olderThanMs) {
      await fs.promises.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
