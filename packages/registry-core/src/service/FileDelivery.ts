import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStore, ByteRange } from '../blob/BlobStore';
import { NotFoundError } from '../errors';
import { DownloadCounter } from '../store/DownloadCounter';
import { FileRecord } from '../store/types';
import { FileIndex, IndexedFile } from './FileIndex';
import { SmallBlobCache } from './SmallBlobCache';

/**
 * Thrown before the first byte of a download when the file's index entry went (its project changed) after the
 * download looked it up: the caller looks the file up again, and answers with what it finds now.
 */
export class FileChangedError extends Error {
  constructor() {
    super('The file changed while its download started');
    this.name = 'FileChangedError';
  }
}

export interface SendFileOptions {
  range?: ByteRange;
  /** The entry the file came from; when it stops being live before the first byte, FileChangedError. */
  entry?: IndexedFile;
  /** Runs once the bytes are at hand and the entry is still live, right before the first byte (to write headers). */
  beforeFirstByte?: () => void;
}

/** Sends distribution files and their PEP 658 metadata, enforcing disable / delete, and counts each download. */
export class FileDelivery {
  constructor(
    private readonly options: {
      files: FileIndex;
      blobs: BlobStore;
      downloadCounter: DownloadCounter;
      smallBlobs: SmallBlobCache;
    },
  ) {}

  /** The file's index entry, refusal included (undefined when there is no such file). */
  find(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<IndexedFile | undefined> {
    return this.options.files.find(repository, sha256, filename);
  }

  /** The file's entry, after checking that it may be downloaded. */
  async locateEntry(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<IndexedFile> {
    const entry = await this.find(repository, sha256, filename);
    if (!entry) throw new NotFoundError('File not found');
    if (entry.refusal) throw entry.refusal;
    return entry;
  }

  /** The file record, after checking that it may be downloaded. */
  async locate(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<FileRecord> {
    return (await this.locateEntry(repository, sha256, filename)).file;
  }

  /** The file's bytes, or one range of them; counted as a download when it starts at the first byte. */
  async open(
    file: FileRecord,
    range?: ByteRange,
    options?: { count: boolean },
  ): Promise<Readable> {
    const stream = await this.options.blobs.read(file.sha256, range);
    if (options?.count !== false && (!range || range.start === 0))
      this.options.downloadCounter.count(file.id);
    return stream;
  }

  /**
   * Writes the file's bytes, or one range of them, to `target` and ends it; counted as a download when it starts at the
   * first byte. NotFoundError before anything is written when the blob is missing; FileChangedError when the entry
   * went meanwhile. Small files come from memory.
   */
  async send(
    file: FileRecord,
    target: Writable,
    options: SendFileOptions = {},
  ): Promise<void> {
    const { blobs, downloadCounter, smallBlobs } = this.options;
    const { range, entry, beforeFirstByte } = options;
    const count = !range || range.start === 0;
    const starting = () => {
      if (entry && !entry.live) throw new FileChangedError();
      beforeFirstByte?.();
      if (count) downloadCounter.count(file.id);
    };
    if (!range && file.size <= smallBlobs.maxBlobBytes) {
      const bytes =
        smallBlobs.get(file.sha256) ??
        (await smallBlobs.load(file.sha256, () => blobs.read(file.sha256)));
      starting();
      await new Promise<void>((resolve, reject) => {
        target.once('error', reject);
        target.end(bytes, () => {
          target.off('error', reject);
          resolve();
        });
      });
      return;
    }
    if (!blobs.sendTo) {
      const stream = await blobs.read(file.sha256, range);
      try {
        starting();
      } catch (error) {
        stream.destroy();
        throw error;
      }
      await pipeline(stream, target);
      return;
    }
    await blobs.sendTo({ key: file.sha256, target, range, onOpen: starting });
  }

  /** The exact METADATA / PKG-INFO bytes extracted at upload. */
  async openMetadata(
    file: FileRecord,
  ): Promise<{ stream: Readable; size: number }> {
    if (!file.metadataSha256)
      throw new NotFoundError('No metadata for this file');
    const info = await this.options.blobs.stat(file.metadataSha256);
    if (!info) throw new NotFoundError('No metadata for this file');
    return {
      stream: await this.options.blobs.read(file.metadataSha256),
      size: info.size,
    };
  }
}
