import { BlobStore } from './BlobStore';
import { withBlobKeys } from './blobKeyLock';

const store = () => ({}) as BlobStore;
const tick = () => new Promise(resolve => setTimeout(resolve, 1));

describe('withBlobKeys', () => {
  it('runs holders of a shared key one after another, in arrival order', async () => {
    const blobs = store();
    const events: string[] = [];
    const run = (name: string, keys: string[]) =>
      withBlobKeys(blobs, keys, async () => {
        events.push(`${name}+`);
        await tick();
        events.push(`${name}-`);
      });
    await Promise.all([
      run('a', ['k1', 'k2']),
      run('b', ['k2']),
      run('c', ['k3', 'k1']),
    ]);
    expect(events.slice(0, 2)).toEqual(['a+', 'a-']);
    expect(events.indexOf('b+')).toBeGreaterThan(events.indexOf('a-'));
    expect(events.indexOf('c+')).toBeGreaterThan(events.indexOf('a-'));
  });

  it('lets holders of different keys, or of different stores, run side by side', async () => {
    const blobs = store();
    const events: string[] = [];
    const run = (name: string, on: BlobStore, keys: string[]) =>
      withBlobKeys(on, keys, async () => {
        events.push(`${name}+`);
        await tick();
        events.push(`${name}-`);
      });
    await Promise.all([
      run('a', blobs, ['x']),
      run('b', blobs, ['y']),
      run('c', store(), ['x']),
    ]);
    expect(events.slice(0, 3).sort()).toEqual(['a+', 'b+', 'c+']);
  });

  it('releases the keys when the holder fails, and passes the failure on', async () => {
    const blobs = store();
    await expect(
      withBlobKeys(blobs, ['k'], async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(
      withBlobKeys(blobs, ['k', 'k'], async () => 'next'),
    ).resolves.toBe('next');
  });
});
