import { PackageStore } from './PackageStore';

/**
 * Files written per database transaction when flushing. A flush after a busy interval holds thousands of files; on
 * SQLite, whose writes block the event loop, one transaction for all of them stalled every request for the
 * duration (100 ms and more for 1,000 files). Slices with a turn of the event loop between them bound the stall.
 */
export const FLUSH_SLICE = 250;

/**
 * Counts downloads in memory and writes them in batches, so serving a file never waits on a database write.
 * A crash loses at most one flush interval of counts, which is acceptable for statistics.
 */
export class DownloadCounter {
  private pending = new Map<string, { fileId: number; day: string; count: number }>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Pick<PackageStore, 'addDownloads'>) {}

  /** The current UTC day, formatted once per day rather than once per download. */
  private today = { day: '', from: 0, until: 0 };

  count(fileId: number, at?: Date): void {
    const day = at ? at.toISOString().slice(0, 10) : this.currentDay();
    const key = `${fileId}/${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { fileId, day, count: 1 });
  }

  private currentDay(): string {
    const now = Date.now();
    if (now < this.today.from || now >= this.today.until) {
      const from = now - (now % 86_400_000);
      this.today = { day: new Date(from).toISOString().slice(0, 10), from, until: from + 86_400_000 };
    }
    return this.today.day;
  }

  get pendingCount(): number {
    let total = 0;
    for (const entry of this.pending.values()) total += entry.count;
    return total;
  }

  /**
   * Writes what has been counted so far, in slices of FLUSH_SLICE files. Flushes run one after another; the slices a
   * failed flush did not write are kept for the next (the ones it wrote are not written twice).
   */
  flush(): Promise<void> {
    // A failed earlier flush must not stop this one: its counts were put back into `pending`.
    this.flushing = this.flushing.catch(() => undefined).then(async () => {
      if (!this.pending.size) return;
      const entries = [...this.pending.entries()];
      this.pending = new Map();
      for (let start = 0; start < entries.length; start += FLUSH_SLICE) {
        const slice = entries.slice(start, start + FLUSH_SLICE);
        try {
          if (start > 0) await new Promise(resolve => setImmediate(resolve));
          await this.store.addDownloads(slice.map(([, entry]) => entry));
        } catch (error) {
          for (const [key, entry] of entries.slice(start)) {
            const current = this.pending.get(key);
            if (current) current.count += entry.count;
            else this.pending.set(key, entry);
          }
          throw error;
        }
      }
    });
    return this.flushing;
  }
}
