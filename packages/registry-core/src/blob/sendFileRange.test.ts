import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { sendFileRange } from './sendFileRange';

describe('sendFileRange', () => {
  let directory: string;
  let file: string;
  const content = crypto.randomBytes(5 * 1024 * 1024 + 123);

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-send-'));
    file = path.join(directory, 'blob');
    fs.writeFileSync(file, content);
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  /** A slow consumer that copies every chunk when it gets it, so a buffer reused too early would show. */
  function collector(delayMs = 0) {
    const chunks: Buffer[] = [];
    const target = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        setTimeout(callback, delayMs);
      },
    });
    return { target, bytes: () => Buffer.concat(chunks), chunks };
  }

  it('sends the whole file through reused buffers and ends the target', async () => {
    const handle = await fs.promises.open(file, 'r');
    const { target, bytes, chunks } = collector(2);
    const finished = new Promise(resolve => target.on('finish', resolve));
    await sendFileRange({
      handle,
      target,
      start: 0,
      end: content.length - 1,
      chunkBytes: 1024 * 1024,
    });
    await handle.close();
    await finished;
    expect(bytes().equals(content)).toBe(true);
    expect(chunks.length).toBe(6);
  });

  it('sends a range, inclusive at both ends, in chunks that do not divide it', async () => {
    const handle = await fs.promises.open(file, 'r');
    const { target, bytes } = collector();
    await sendFileRange({
      handle,
      target,
      start: 1000,
      end: 300_999,
      chunkBytes: 7000,
    });
    await handle.close();
    expect(bytes().equals(content.subarray(1000, 301_000))).toBe(true);
  });

  it('rejects, and stops reading, when the target is destroyed mid-send', async () => {
    const handle = await fs.promises.open(file, 'r');
    const read = jest.spyOn(handle, 'read');
    const target = new PassThrough({ highWaterMark: 1 });
    let received = 0;
    target.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 2 * 65536) target.destroy();
    });
    await expect(
      sendFileRange({
        handle,
        target,
        start: 0,
        end: content.length - 1,
        chunkBytes: 65536,
      }),
    ).rejects.toThrow(/closed before the file was sent/);
    const readsAtFailure = read.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(read.mock.calls.length).toBe(readsAtFailure);
    expect(readsAtFailure).toBeLessThan(content.length / 65536);
    await handle.close();
  });

  it('fails rather than sending short when the file is shorter than the range', async () => {
    const handle = await fs.promises.open(file, 'r');
    const { target } = collector();
    await expect(
      sendFileRange({
        handle,
        target,
        start: content.length - 10,
        end: content.length + 10,
      }),
    ).rejects.toThrow(/File ended at byte/);
    await handle.close();
  });
});
