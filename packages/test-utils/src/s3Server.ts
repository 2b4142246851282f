import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const SCRIPT = path.resolve(__dirname, '../../../scripts/s3-test-server.sh');
const HOW_TO_START =
  'Start the local one (Ceph radosgw; installs it with apt the first time, so run as root) with\n' +
  '  eval "$(scripts/s3-test-server.sh start)"\n' +
  'or set WHEELHOUSE_TEST_S3_ENDPOINT, _BUCKET, _ACCESS_KEY, _SECRET_KEY and _REGION for another S3-compatible server.';

let server: Promise<TestS3Server> | undefined;

/**
 * The S3 server the tests run against: the one the WHEELHOUSE_TEST_S3_* variables name, else the local radosgw that
 * scripts/s3-test-server.sh starts (or finds already running). There is no silent skip: when no server can be
 * reached this fails, saying how to start one. Starting takes about 20 s, so call it from a beforeAll with a long
 * timeout.
 */
export function getTestS3Server(): Promise<TestS3Server> {
  server ??= locate().then(async found => {
    const client = createTestS3Client(found);
    try {
      await client.send(new HeadBucketCommand({ Bucket: found.bucket }));
    } catch (error) {
      throw new Error(
        `The S3 test server at ${found.endpoint} does not serve bucket ${found.bucket}: ${error}\n${HOW_TO_START}`,
      );
    } finally {
      client.destroy();
    }
    return found;
  });
  return server;
}

async function locate(): Promise<TestS3Server> {
  let env: Record<string, string | undefined> = process.env;
  if (!env.WHEELHOUSE_TEST_S3_ENDPOINT) {
    try {
      const { stdout } = await promisify(execFile)('bash', [SCRIPT, 'start'], {
        timeout: 200_000,
      });
      env = Object.fromEntries(
        [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map(match => [
          match[1],
          match[2],
        ]),
      );
    } catch (error) {
      const output =
        (error as { stderr?: string }).stderr?.trim() || String(error);
      throw new Error(
        `No S3 test server: WHEELHOUSE_TEST_S3_ENDPOINT is not set and \`scripts/s3-test-server.sh start\` failed:\n` +
          `${output}\n${HOW_TO_START}`,
      );
    }
  }
  const required = (name: string) => {
    const value = env[`WHEELHOUSE_TEST_S3_${name}`];
    if (!value)
      throw new Error(
        `WHEELHOUSE_TEST_S3_${name} is not set.\n${HOW_TO_START}`,
      );
    return value;
  };
  return {
    endpoint: required('ENDPOINT'),
    bucket: required('BUCKET'),
    accessKeyId: required('ACCESS_KEY'),
    secretAccessKey: required('SECRET_KEY'),
    region: env.WHEELHOUSE_TEST_S3_REGION || 'us-east-1',
  };
}

export function createTestS3Client(found: TestS3Server): S3Client {
  return new S3Client({
    endpoint: found.endpoint,
    region: found.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: found.accessKeyId,
      secretAccessKey: found.secretAccessKey,
    },
  });
}

/** A key prefix no other test run uses, so runs sharing the bucket stay independent. */
export function uniqueTestPrefix(): string {
  return `test-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}/`;
}

/** Removes every object and unfinished multipart upload under a prefix. */
export async function deleteTestPrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<void> {
  let token: string | undefined;
  do {
    const list = new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      ContinuationToken: token,
    });
    const page = await client.send(list);
    const objects = (page.Contents ?? []).map(object => ({ Key: object.Key }));
    if (objects.length)
      await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: objects },
        }),
      );
    token = page.NextContinuationToken;
  } while (token);
  const uploads = await client.send(
    new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
  );
  for (const upload of uploads.Uploads ?? []) {
    await client.send(
      new AbortMultipartUploadCommand({
        Bucket: bucket,
        Key: upload.Key,
        UploadId: upload.UploadId,
      }),
    );
  }
}
