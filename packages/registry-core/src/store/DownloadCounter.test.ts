import { DownloadCounter, FLUSH_SLICE } from './DownloadCounter';
import { DownloadIncrement } from './ProjectStore';

describe('DownloadCounter', () => {
  it('batches counts per file and day into one write', async () => {
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter({
      addDownloadCounts: async batch => void writes.push(batch),
    });
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

  it('counts nothing and writes nothing when counting is off', async () => {
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter(
      { addDownloadCounts: async batch => void writes.push(batch) },
      { enabled: false },
    );
    counter.count(1);
    counter.count(2, new Date('2026-11-26T10:00:00Z'));
    expect(counter.pendingCount).toBe(0);
    await counter.flush();
    expect(writes).toEqual([]);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let fail = true;
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter({
      addDownloadCounts: async batch => {
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

  it('writes a large batch in slices, and after a failure writes only what was not written', async () => {
    let failOn: number | undefined = 2;
    let calls = 0;
    const writes: DownloadIncrement[][] = [];
    const counter = new DownloadCounter({
      addDownloadCounts: async batch => {
        calls += 1;
        if (calls === failOn) throw new Error('database down');
        writes.push(batch);
      },
    });
    const day = new Date('2026-11-26T10:00:00Z');
    const files = 2 * FLUSH_SLICE + 100;
    for (let fileId = 1; fileId <= files; fileId++) counter.count(fileId, day);
    await expect(counter.flush()).rejects.toThrow('database down');
    expect(writes.map(batch => batch.length)).toEqual([FLUSH_SLICE]);
    expect(counter.pendingCount).toBe(files - FLUSH_SLICE);
    failOn = undefined;
    await counter.flush();
    expect(writes.map(batch => batch.length)).toEqual([
      FLUSH_SLICE,
      FLUSH_SLICE,
      100,
    ]);
    const written = writes.flat();
    expect(written).toHaveLength(files);
    expect(new Set(written.map(entry => entry.fileId)).size).toBe(files);
    expect(written.every(entry => entry.count === 1)).toBe(true);
  });

  it('counts a download without a date on the current UTC day, also across midnight', async () => {
    jest.useFakeTimers({
      doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'],
    });
    try {
      jest.setSystemTime(new Date('2026-11-26T23:59:59.500Z'));
      const writes: DownloadIncrement[][] = [];
      const counter = new DownloadCounter({
        addDownloadCounts: async batch => void writes.push(batch),
      });
      counter.count(3);
      counter.count(3);
      jest.setSystemTime(new Date('2026-11-27T00:00:00.000Z'));
      counter.count(3);
      await counter.flush();
      expect(writes).toEqual([
        [
          { fileId: 3, day: '2026-11-26', count: 2 },
          { fileId: 3, day: '2026-11-27', count: 1 },
        ],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});
