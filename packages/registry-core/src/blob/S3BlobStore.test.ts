import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { describeBlobStoreContract } from '../__testutils__/blobStoreContract';
import {
  createTestS3Client,
  deleteTestPrefix,
  getTestS3Server,
  TestS3Server,
  uniqueTestPrefix,
} from '@wheelhouse/test-utils/s3Server';
import { NotFoundError } from '../errors';
import { S3BlobStore } from './S3BlobStore';

// A real S3 server (Ceph radosgw from scripts/s3-test-server.sh, unless WHEELHOUSE_TEST_S3_* name another one).
let server: TestS3Server;
beforeAll(async () => {
  server = await getTestS3Server();
}, 240_000);

describeBlobStoreContract('S3BlobStore', async () => {
  const prefix = uniqueTestPrefix();
  const store = new S3BlobStore({
    bucket: server.bucket,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
    },
    prefix,
  });
  return {
    store,
    async cleanup() {
      await deleteTestPrefix(store.client, server.bucket, prefix);
      store.client.destroy();
    },
  };
});

async function sha256Of(
  stream: Readable,
): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Records every command the client sends ("HeadObjectCommand") and each that succeeded ("HeadObjectCommand:done"). */
function countingClient(client: S3Client, log: string[]): S3Client {
  const send = client.send.bind(client) as (
    command: object,
  ) => Promise<unknown>;
  client.send = (async (command: object) => {
    const name = command.constructor.name;
    log.push(name);
    const output = await send(command);
    log.push(`${name}:done`);
    return output;
  }) as unknown as S3Client['send'];
  return client;
}

describe('S3BlobStore against a real S3 server', () => {
  const PART = 5 * 1024 * 1024;
  // Four full parts and a short fifth, so the last part differs from the others.
  const big = crypto.randomBytes(4 * PART + 12_345);
  const bigKey = crypto.createHash('sha256').update(big).digest('hex');

  let prefix: string;
  let staging: string;
  let sent: string[];
  let store: S3BlobStore;

  beforeEach(() => {
    prefix = uniqueTestPrefix();
    staging = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-s3-staging-'));
    sent = [];
    store = new S3BlobStore({
      bucket: server.bucket,
      client: countingClient(createTestS3Client(server), sent),
      prefix,
      partSize: PART,
      queueSize: 2,
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await deleteTestPrefix(store.client, server.bucket, prefix);
    store.client.destroy();
    fs.rmSync(staging, { recursive: true, force: true });
  });

  const stage = (content: Buffer) => {
    const file = path.join(staging, crypto.randomBytes(4).toString('hex'));
    fs.writeFileSync(file, content);
    return {
      key: crypto.createHash('sha256').update(content).digest('hex'),
      path: file,
      size: content.length,
    };
  };
  const count = (name: string) => sent.filter(entry => entry === name).length;

  it('round-trips a file larger than the part size through a multipart upload, under the fanned-out key', async () => {
    const staged = stage(big);
    await store.putFile(staged);

    expect(count('CreateMultipartUploadCommand')).toBe(1);
    expect(count('UploadPartCommand')).toBe(5);
    expect(count('CompleteMultipartUploadCommand:done')).toBe(1);
    expect(fs.existsSync(staged.path)).toBe(false);
    expect(await store.stat(bigKey)).toEqual({ key: bigKey, size: big.length });
    expect(await sha256Of(await store.read(bigKey))).toEqual({
      sha256: bigKey,
      size: big.length,
    });

    const objectKey = `${prefix}blobs/${bigKey.slice(0, 2)}/${bigKey.slice(2, 4)}/${bigKey}`;
    const head = await store.client.send(
      new HeadObjectCommand({ Bucket: server.bucket, Key: objectKey }),
    );
    expect(head.ContentLength).toBe(big.length);
  });

  it('serves ranges that start, end or straddle at part boundaries', async () => {
    await store.putFile(stage(big));
    const ranges = [
      { start: 0, end: 0 },
      { start: PART - 1, end: PART },
      { start: PART - 100, end: PART + 99 },
      { start: PART, end: 2 * PART - 1 },
      { start: 2 * PART - 1, end: 3 * PART },
      { start: 4 * PART - 10, end: big.length - 1 },
      { start: big.length - 1, end: big.length - 1 },
    ];
    for (const range of ranges) {
      const bytes = await readAll(await store.read(bigKey, range));
      expect({
        range,
        equal: bytes.equals(big.subarray(range.start, range.end + 1)),
      }).toEqual({ range, equal: true });
    }
  });

  it('does not upload an existing key again', async () => {
    const content = crypto.randomBytes(1000);
    await store.putFile(stage(content));
    expect(count('PutObjectCommand:done')).toBe(1);

    sent.length = 0;
    const again = stage(content);
    await store.putFile(again);
    expect(sent).toEqual(['HeadObjectCommand', 'HeadObjectCommand:done']);
    expect(fs.existsSync(again.path)).toBe(false);
  });

  it('answers a missing key with NotFoundError from read and undefined from stat', async () => {
    const missing = crypto.randomBytes(32).toString('hex');
    await expect(store.read(missing)).rejects.toThrow(NotFoundError);
    await expect(store.read(missing, { start: 0, end: 9 })).rejects.toThrow(
      NotFoundError,
    );
    expect(await store.stat(missing)).toBeUndefined();
  });

  it('leaves no object and no parts behind when the staging file fails to read midway', async () => {
    const staged = stage(big);
    // The first part gets uploaded, then the disk "fails": the multipart upload is under way when the error hits.
    jest.spyOn(fs, 'createReadStream').mockImplementationOnce(
      () =>
        Readable.from(
          (async function* () {
            yield big.subarray(0, PART + 1);
            while (!sent.includes('UploadPartCommand:done'))
              await new Promise(resolve => setTimeout(resolve, 10));
            throw Object.assign(new Error('EIO: i/o error, read'), {
              code: 'EIO',
            });
          })(),
        ) as unknown as fs.ReadStream,
    );

    await expect(store.putFile(staged)).rejects.toThrow('EIO');
    expect(sent).toContain('UploadPartCommand:done');
    expect(sent).toContain('AbortMultipartUploadCommand:done');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(await store.stat(staged.key)).toBeUndefined();
    await expect(store.read(staged.key)).rejects.toThrow(NotFoundError);
    const listed = await store.client.send(
      new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }),
    );
    expect(listed.Contents ?? []).toEqual([]);
    const uploads = await store.client.send(
      new ListMultipartUploadsCommand({
        Bucket: server.bucket,
        Prefix: prefix,
      }),
    );
    expect(uploads.Uploads ?? []).toEqual([]);
    // The caller still owns the staging file after a failure.
    expect(fs.existsSync(staged.path)).toBe(true);
  });
});
