import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { BlobStore } from '../blob/BlobStore';
import { NotFoundError } from '../errors';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The behaviour every BlobStore must have; each implementation's test calls this with its own factory. */
export function describeBlobStoreContract(
  name: string,
  factory: () => Promise<{ store: BlobStore; cleanup(): Promise<void> }>,
): void {
  describe(`${name} (BlobStore contract)`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    let staging: string;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      staging = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-staging-'));
    });
    afterEach(async () => {
      await cleanup();
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

    it('stores a staged file under its key and reads it back whole and in ranges', async () => {
      const content = crypto.randomBytes(200_000);
      const staged = stage(content);
      await store.putFile(staged);
      expect(await store.stat(staged.key)).toEqual({
        key: staged.key,
        size: content.length,
      });
      expect(
        (await readAll(await store.read(staged.key))).equals(content),
      ).toBe(true);
      const slice = await readAll(
        await store.read(staged.key, { start: 1000, end: 1999 }),
      );
      expect(slice.equals(content.subarray(1000, 2000))).toBe(true);
      expect(fs.existsSync(staged.path)).toBe(false);
    });

    it('is idempotent for the same content', async () => {
      const content = Buffer.from('same bytes');
      await store.putFile(stage(content));
      const again = stage(content);
      await store.putFile(again);
      expect((await readAll(await store.read(again.key))).toString()).toBe(
        'same bytes',
      );
    });

    it('answers absent blobs with undefined / NotFoundError, and deletes', async () => {
      const missing = 'f'.repeat(64);
      expect(await store.stat(missing)).toBeUndefined();
      await expect(store.read(missing)).rejects.toThrow(NotFoundError);
      const staged = stage(Buffer.from('to delete'));
      await store.putFile(staged);
      await store.delete(staged.key);
      expect(await store.stat(staged.key)).toBeUndefined();
      await store.delete(staged.key);
    });

    it('sends a blob, whole or a range, to a writable when it has sendTo; NotFoundError before writing when absent', async () => {
      if (!store.sendTo) return;
      const content = crypto.randomBytes(3 * 1024 * 1024 + 17);
      const staged = stage(content);
      await store.putFile(staged);
      const collect = () => {
        const chunks: Buffer[] = [];
        const target = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(Buffer.from(chunk));
            callback();
          },
        });
        return { target, bytes: () => Buffer.concat(chunks) };
      };
      const whole = collect();
      const opened = jest.fn();
      await store.sendTo({
        key: staged.key,
        target: whole.target,
        onOpen: opened,
      });
      expect(whole.bytes().equals(content)).toBe(true);
      expect(whole.target.writableFinished).toBe(true);
      expect(opened).toHaveBeenCalledTimes(1);
      const part = collect();
      await store.sendTo({
        key: staged.key,
        target: part.target,
        range: { start: 5, end: 2_000_004 },
      });
      expect(part.bytes().equals(content.subarray(5, 2_000_005))).toBe(true);
      const missing = collect();
      const notOpened = jest.fn();
      await expect(
        store.sendTo({
          key: 'e'.repeat(64),
          target: missing.target,
          onOpen: notOpened,
        }),
      ).rejects.toThrow(NotFoundError);
      expect(missing.target.writableLength + missing.bytes().length).toBe(0);
      expect(missing.target.writableEnded).toBe(false);
      expect(notOpened).not.toHaveBeenCalled();
    });

    it('rejects keys that are not sha256 hex, so no key can escape the store', async () => {
      await expect(store.stat('../../etc/passwd')).rejects.toThrow();
      await expect(store.read('A'.repeat(64))).rejects.toThrow();
    });
  });
}
