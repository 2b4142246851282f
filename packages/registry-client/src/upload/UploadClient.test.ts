import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FakeServer,
  parseMultipart,
  startFakeServer,
} from '../__testutils__/fakeServer';
import { Distribution } from '../distribution/inspectDistribution';
import { parseCoreMetadata } from '../distribution/parseCoreMetadata';
import { blake2b } from 'hash-wasm';
import { isAlreadyExists, UploadClient } from './UploadClient';

let dir: string;
let server: FakeServer | undefined;
beforeAll(
  () =>
    (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-client-upload-'))),
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function distribution(
  filename: string,
  content: Buffer,
  metadata = 'Metadata-Version: 2.1\nName: my-lib\nVersion: 1.0.0\n',
): Distribution {
  const file = path.join(dir, filename);
  fs.writeFileSync(file, content);
  return {
    path: file,
    filename,
    size: content.length,
    kind: 'wheel',
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    name: 'my-lib',
    version: '1.0.0',
    metadata: parseCoreMetadata(Buffer.from(metadata)),
    problems: [],
  };
}

const client = (url: string, retries = 0) =>
  new UploadClient({
    uploadUrl: `${url}/default/`,
    username: '__token__',
    password: 's3cret',
    retry: { retries, baseDelayMs: 1 },
  });

describe('UploadClient', () => {
  it('sends the fields twine sends, the digests, Basic auth and the exact file bytes', async () => {
    server = await startFakeServer(() => ({
      status: 200,
      body: { outcome: 'created', project: 'my-lib' },
    }));
    const bytes = crypto.randomBytes(100_000);
    const metadata = [
      'Metadata-Version: 2.1',
      'Name: my-lib',
      'Version: 1.0.0',
      'Summary: Sümmary',
      'Classifier: A :: B',
      'Classifier: C :: D',
      'Requires-Dist: requests>=2',
      'Requires-Python: >=3.8',
      'Project-URL: Source, https://example.com',
      '',
      'The description',
    ].join('\n');
    const result = await client(server.url).upload(
      distribution('my_lib-1.0.0-py3-none-any.whl', bytes, metadata),
    );

    const request = server.requests[0];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/default/');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('__token__:s3cret').toString('base64')}`,
    );
    expect(Number(request.headers['content-length'])).toBe(request.body.length);
    const form = parseMultipart(
      request.body,
      String(request.headers['content-type']),
    );
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    expect(form.fields).toEqual([
      [':action', 'file_upload'],
      ['protocol_version', '1'],
      ['name', 'my-lib'],
      ['version', '1.0.0'],
      ['filetype', 'bdist_wheel'],
      ['pyversion', 'py3'],
      ['metadata_version', '2.1'],
      ['summary', 'Sümmary'],
      ['classifiers', 'A :: B'],
      ['classifiers', 'C :: D'],
      ['project_urls', 'Source, https://example.com'],
      ['requires_dist', 'requests>=2'],
      ['requires_python', '>=3.8'],
      ['description', 'The description'],
      ['md5_digest', crypto.createHash('md5').update(bytes).digest('hex')],
      ['sha256_digest', sha256],
      ['blake2_256_digest', await blake2b(bytes, 256)],
    ]);
    expect(form.files).toHaveLength(1);
    expect(form.files[0].name).toBe('content');
    expect(form.files[0].filename).toBe('my_lib-1.0.0-py3-none-any.whl');
    expect(form.files[0].data.equals(bytes)).toBe(true);
    expect(result).toMatchObject({
      outcome: 'created',
      digests: { sha256, size: bytes.length },
    });
  });

  it('reports an identical re-upload as such', async () => {
    server = await startFakeServer(() => ({
      status: 200,
      body: { outcome: 'identical' },
    }));
    expect(
      (
        await client(server.url).upload(
          distribution('a-1.0-py3-none-any.whl', Buffer.from('x')),
        )
      ).outcome,
    ).toBe('identical');
  });

  it('treats a plain-text 200 (pypi.org style) as created', async () => {
    server = await startFakeServer(() => ({ status: 200, body: 'OK' }));
    expect(
      (
        await client(server.url).upload(
          distribution('a-1.0-py3-none-any.whl', Buffer.from('x')),
        )
      ).outcome,
    ).toBe('created');
  });

  it('re-sends the whole file after a 503 and after a dropped connection', async () => {
    server = await startFakeServer((_request, index) =>
      index === 0
        ? { status: 503, reason: 'Service Unavailable' }
        : index === 1
          ? { status: 200, hangUp: true }
          : { status: 200, body: { outcome: 'created' } },
    );
    const bytes = crypto.randomBytes(50_000);
    await client(server.url, 3).upload(
      distribution('a-1.0-py3-none-any.whl', bytes),
    );
    expect(server.requests).toHaveLength(3);
    const last = parseMultipart(
      server.requests[2].body,
      String(server.requests[2].headers['content-type']),
    );
    expect(last.files[0].data.equals(bytes)).toBe(true);
  });

  it('does not retry a 4xx and keeps the server message', async () => {
    server = await startFakeServer(() => ({
      status: 409,
      reason: 'File already exists',
      body: '409 File already exists: a-1.0-py3-none-any.whl was uploaded before with other content\n',
    }));
    const failure = client(server.url, 3).upload(
      distribution('a-1.0-py3-none-any.whl', Buffer.from('x')),
    );
    await expect(failure).rejects.toThrow(
      '409 File already exists: a-1.0-py3-none-any.whl was uploaded before with other content',
    );
    await failure.catch(error => expect(isAlreadyExists(error)).toBe(true));
    expect(server.requests).toHaveLength(1);
  });

  it('streams a large file: memory does not grow with its size', async () => {
    server = await startFakeServer(
      () => ({ status: 200, body: { outcome: 'created' } }),
      { keepBodies: false },
    );
    const size = 192 * 1024 * 1024;
    const file = path.join(dir, 'big-1.0-py3-none-any.whl');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, size); // sparse: costs no disk
    const big: Distribution = {
      ...distribution('big-1.0-py3-none-any.whl', Buffer.alloc(0)),
      path: file,
      size,
    };
    fs.truncateSync(file, size); // distribution() wrote an empty file over it
    global.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(
        peak,
        now.rss - before.rss,
        now.arrayBuffers - before.arrayBuffers,
      );
    }, 5);
    try {
      await client(server.url).upload(big);
    } finally {
      clearInterval(sampler);
    }
    expect(server.requests[0].size).toBeGreaterThan(size);
    // Buffering the file would cost at least its 192 MiB; streaming costs a few chunks (plus GC slack).
    expect(peak).toBeLessThan(96 * 1024 * 1024);
  }, 120_000);
});
