import crypto from 'node:crypto';
import fs from 'node:fs';
import { createBLAKE2b } from 'hash-wasm';

/** The digests the legacy upload API accepts, lowercase hex, plus the size they were computed over. */
export interface FileDigests {
  size: number;
  sha256: string;
  md5: string;
  blake2_256: string;
}

/**
 * Streams the file once through every digest twine sends: memory stays flat whatever the file size. BLAKE2b-256
 * comes from hash-wasm, as on the server: Node's crypto has only BLAKE2b-512, and truncating that is another digest.
 */
export async function computeFileDigests(path: string): Promise<FileDigests> {
  const sha256 = crypto.createHash('sha256');
  const md5 = crypto.createHash('md5');
  const blake2 = await createBLAKE2b(256);
  blake2.init();
  let size = 0;
  for await (const chunk of fs.createReadStream(path, {
    highWaterMark: 1024 * 1024,
  })) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    sha256.update(bytes);
    md5.update(bytes);
    blake2.update(bytes);
  }
  return {
    size,
    sha256: sha256.digest('hex'),
    md5: md5.digest('hex'),
    blake2_256: blake2.digest('hex'),
  };
}
