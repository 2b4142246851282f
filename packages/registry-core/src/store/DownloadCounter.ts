import { DownloadCountStore, DownloadIncrement } from './ProjectStore';

/**
 * Files written per database transaction when flushing. A flush after a busy interval holds thousands of files; on
 * SQLite, whose writes block the event loop, one transaction for all of them stalled every request for as long as
 * the whole write took. Slices with a turn of the event loop between them bound the stall to one slice.
 */
export const FLUSH_SLICE = 250;

/**
 * How often the standalone registry writes counts (the Backstage plugin's default too). A flush writes a row per file
 * downloaded since the last one, wherever in the tables those files are, and each row costs CPU (on SQLite, on the
 * event loop), so the interval bounds what counting costs when many different files are downloaded; the counts
 * shown lag by as much.
 */
export const DEFAULT_DOWNLOAD_FLUSH_INTERVAL_MS = 10_000;

/**
 * Counts downloads in memory and writes them in batches, so serving a file never waits on a database write.
 * A crash loses at most one flush interval of counts, which is acceptable for statistics.
 */
export class DownloadCounter {
  /** Downloads not written yet: day → file id → count. Number keys and one map per day keep `count` allocation-free. */
  private pending = new Map<string, Map<number, number>>();
  private flushing: Promise<void> = Promise.resolve();

  private readonly enabled: boolean;

  constructor(
    private readonly store: Pick<DownloadCountStore, 'addDownloadCounts'>,
    options: { enabled?: boolean } = {},
  ) {
    this.enabled = options.enabled ?? true;
  }

  /** The current UTC day, formatted once per day rather than once per download. */
  private today = { day: '', from: 0, until: 0 };

  count(fileId: number, at?: Date): void {
    if (!this.enabled) return;
    this.add(at ? at.toISOString().slice(0, 10) : this.currentDay(), fileId, 1);
  }

  private add(day: string, fileId: number, count: number): void {
    let files = this.pending.get(day);
    if (!files) this.pending.set(day, (files = new Map()));
    files.set(fileId, (files.get(fileId) ?? 0) + count);
  }

  private currentDay(): string {
    const now = Date.now();
    if (now < this.today.from || now >= this.today.until) {
      const from = now - (now % 86_400_000);
      this.today = {
        day: new Date(from).toISOString().slice(0, 10),
        from,
        until: from + 86_400_000,
      };
    }
    return this.today.day;
  }

  get pendingCount(): number {
    let total = 0;
    for (const files of this.pending.values())
      for (const count of files.values()) total += count;
    return total;
  }

  /**
   * Writes what has been counted so far, in slices of FLUSH_SLICE files. Flushes run one after another; the slices a
   * failed flush did not write are kept for the next (the ones it wrote are not written twice).
   */
  flush(): Promise<void> {
    // A failed earlier flush must not stop this one: its counts were put back into `pending`.
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        if (!this.pending.size) return;
        const increments: DownloadIncrement[] = [];
        for (const [day, files] of this.pending)
          for (const [fileId, count] of files)
            increments.push({ fileId, day, count });
        this.pending = new Map();
        for (let start = 0; start < increments.length; start += FLUSH_SLICE) {
          try {
            if (start > 0) await new Promise(resolve => setImmediate(resolve));
            await this.store.addDownloadCounts(
              increments.slice(start, start + FLUSH_SLICE),
            );
          } catch (error) {
            for (const { fileId, day, count } of increments.slice(start))
              this.add(day, fileId, count);
            throw error;
          }
        }
      });
    return this.flushing;
  }
}
