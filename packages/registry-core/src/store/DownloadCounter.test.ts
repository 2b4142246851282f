import { DownloadCounter } from './DownloadCounter';
import { DownloadIncrement } from './PackageStore';

describe('DownloadCounter', () => {
  it('batches counts per file and day into one write', async () => {
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter({ addDownloads: async batch => void writes.push(batch) });
    const day = new Date('2026-11-26T10:00:00Z');
    counter.count(1, day);
    counter.count(1, day);
    counter.count(2, day);
    counter.count(1, new Date('2026-11-27T00:00:01Z'));
    expect(counter.pendingCount).toBe(4);
    await counter.flush();
    expect(writes).toEqual([
      [
        { fileId: 1, day: '2026-11-26', count: 2 },
        { fileId: 2, day: '2026-11-26', count: 1 },
        { fileId: 1, day: '2026-11-27', count: 1 },
      ],
    ]);
    await counter.flush();
    expect(writes).toHaveLength(1);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let fail = true;
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter({
      addDownloads: async batch => {
        if (fail) throw new Error('database down');
        writes.push(batch);
      },
    });
    const day = new Date('2026-11-26T10:00:00Z');
    counter.count(7, day);
    await expect(counter.flush()).rejects.toThrow('database down');
    counter.count(7, day);
    fail = false;
    await counter.flush();
    expect(writes).toEqual([[{ fileId: 7, day: '2026-11-26', count: 2 }]]);
  });
});
