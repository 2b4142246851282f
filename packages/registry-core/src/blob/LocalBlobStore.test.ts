import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeBlobStoreContract } from '../__testutils__/blobStoreContract';
import { LocalBlobStore } from './LocalBlobStore';

describeBlobStoreContract('LocalBlobStore', async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-blobs-'));
  return {
    store: new LocalBlobStore({ directory }),
    cleanup: async () => fs.rmSync(directory, { recursive: true, force: true }),
  };
});

describe('LocalBlobStore layout', () => {
  it('fans blobs out by key prefix and leaves no temporary files behind', async () => {
    const directory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'wheelhouse-blobs-'),
    );
    const store = new LocalBlobStore({ directory });
    fs.mkdirSync(store.stagingDirectory, { recursive: true });
    const content = Buffer.from('wheel bytes');
    const key = crypto.createHash('sha256').update(content).digest('hex');
    const staged = path.join(store.stagingDirectory, 'upload.part');
    fs.writeFileSync(staged, content);
    await store.putFile({ key, path: staged, size: content.length });
    expect(
      fs
        .readFileSync(
          path.join(directory, key.slice(0, 2), key.slice(2, 4), key),
        )
        .toString(),
    ).toBe('wheel bytes');
    expect(fs.readdirSync(store.stagingDirectory)).toEqual([]);
    fs.rmSync(directory, { recursive: true, force: true });
  });
});
