import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  HeadObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NotFoundError } from '../errors';
import { BlobInfo, BlobStore, ByteRange } from './BlobStore';

const KEY_PATTERN = /^[0-9a-f]{64}$/;

export interface S3BlobStoreOptions {
  bucket: string;
  /** Defaults to $AWS_REGION, else us-east-1 (which S3-compatible servers generally accept). */
  region?: string;
  /** For S3-compatible servers (Ceph RGW, MinIO, ...); AWS itself needs none. */
  endpoint?: string;
  /** Bucket in the path rather than the host name; most S3-compatible servers need this. */
  forcePathStyle?: boolean;
  /** Without them the SDK's default chain applies (environment, profile, instance or pod role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Prepended to every object key so a bucket can be shared; a trailing slash is added when missing. */
  prefix?: string;
  /** A ready client, e.g. with custom retries or a proxy; the connection options above are then ignored. */
  client?: S3Client;
  /** Multipart part size in bytes (S3's minimum is 5 MiB). Memory per upload is about partSize × (queueSize + 1). */
  partSize?: number;
  /** Parts of one file uploaded concurrently. */
  queueSize?: number;
}

/**
 * Stores blobs as S3 objects under `<prefix>blobs/ab/cd/<sha256>`, mirroring LocalBlobStore's layout. S3 makes an
 * object visible only once its PUT or multipart upload completes, so a failed upload never leaves a partial blob.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.client =
      options.client ??
      new S3Client({
        region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        credentials: options.credentials,
      });
    const prefix = options.prefix ?? '';
    this.prefix = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  }

  async putFile(options: {
    key: string;
    path: string;
    size: number;
  }): Promise<void> {
    const objectKey = this.objectKey(options.key);
    // Content addressing: an existing object already holds these exact bytes, so skip the upload.
    if (!(await this.head(objectKey))) {
      // Upload buffers one part at a time per queue slot (a single PUT when the file fits in one part), so memory
      // stays near partSize × (queueSize + 1) whatever the file size. On failure it aborts the multipart upload,
      // so no orphaned parts are left behind.
      await new Upload({
        client: this.client,
        params: {
          Bucket: this.options.bucket,
          Key: objectKey,
          Body: fs.createReadStream(options.path),
          ContentType: 'application/octet-stream',
        },
        partSize: this.options.partSize ?? 8 * 1024 * 1024,
        queueSize: this.options.queueSize ?? 4,
        leavePartsOnError: false,
      }).done();
    }
    // Only on success: on failure the caller still owns the staging file.
    await fs.promises.rm(options.path, { force: true });
  }

  get location(): string {
    return `s3://${this.options.bucket}/${this.prefix}`;
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: `${this.prefix}blobs/`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(object.Key.lastIndexOf('/') + 1);
        if (key && KEY_PATTERN.test(key) && object.Key === this.objectKey(key))
          yield key;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async readMarker(): Promise<string | undefined> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.markerKey,
        }),
      );
      return await response.Body!.transformToString();
    } catch (error) {
      if (isNotFound(error) && (error as Error).name !== 'NoSuchBucket')
        return undefined;
      throw error;
    }
  }

  async createMarker(content: string): Promise<void> {
    try {
      // If-None-Match: of two writers only one succeeds, where the server supports conditional writes.
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.markerKey,
          Body: content,
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } })
        .$metadata?.httpStatusCode;
      if (status !== 412 && status !== 409) throw error;
    }
  }

  private get markerKey(): string {
    return `${this.prefix}wheelhouse-owner.json`;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const objectKey = this.objectKey(key);
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: objectKey,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      // In Node the body is an http.IncomingMessage, i.e. a Readable.
      return response.Body as Readable;
    } catch (error) {
      // A missing bucket is also a 404, but a configuration error rather than an absent blob.
      if (isNotFound(error) && (error as Error).name !== 'NoSuchBucket') {
        throw new NotFoundError(`Blob ${key} not found`);
      }
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const head = await this.head(this.objectKey(key));
    return head && { key, size: head.ContentLength ?? 0 };
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for absent keys too, which is exactly the contract.
    await this.client.send(
      new DeleteObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
      }),
    );
  }

  /** The object key for a blob; validating here means no caller-supplied key can address other objects. */
  objectKey(key: string): string {
    if (!KEY_PATTERN.test(key))
      throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
    return `${this.prefix}blobs/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  }

  private async head(
    objectKey: string,
  ): Promise<HeadObjectCommandOutput | undefined> {
    try {
      return await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey }),
      );
    } catch (error) {
      // HEAD responses have no body, so a 404 carries no error code to tell a missing key from a missing bucket.
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.$metadata?.httpStatusCode === 404
  );
}
