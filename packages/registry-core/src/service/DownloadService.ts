import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStore, ByteRange } from '../blob/BlobStore';
import { NotFoundError } from '../errors';
import { DownloadCounter } from '../store/DownloadCounter';
import { PackageStore } from '../store/PackageStore';
import { FileRecord } from '../store/types';
import { assertDownloadable } from './visibility';

/** Serves distribution files and their PEP 658 metadata, enforcing disable / delete. */
export class DownloadService {
  constructor(
    private readonly options: {
      packages: PackageStore;
      blobs: BlobStore;
      downloads: DownloadCounter;
    },
  ) {}

  /** The file record, after checking that it may be downloaded. */
  async locate(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<FileRecord> {
    const location = await this.options.packages.findFile(
      repository,
      sha256,
      filename,
    );
    if (!location) throw new NotFoundError('File not found');
    assertDownloadable(location.version, location.project.displayName);
    return location.file;
  }

  /** The file's bytes, or one range of them; counted as a download when it starts at the first byte. */
  async open(
    file: FileRecord,
    range?: ByteRange,
    options?: { count: boolean },
  ): Promise<Readable> {
    const stream = await this.options.blobs.read(file.sha256, range);
    if (options?.count !== false && (!range || range.start === 0))
      this.options.downloads.count(file.id);
    return stream;
  }

  /**
   * Writes the file's bytes, or one range of them, to `target` and ends it; counted as a download when it starts at the
   * first byte. NotFoundError before anything is written when the blob is missing.
   */
  async send(
    file: FileRecord,
    target: Writable,
    range?: ByteRange,
  ): Promise<void> {
    const { blobs, downloads } = this.options;
    const count = !range || range.start === 0;
    if (!blobs.sendTo) {
      await pipeline(await this.open(file, range, { count }), target);
      return;
    }
    await blobs.sendTo({
      key: file.sha256,
      target,
      range,
      onOpen: count ? () => downloads.count(file.id) : undefined,
    });
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
