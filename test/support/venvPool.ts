/**
 * Fresh virtual environments on demand, with the next one already being created in the background, so that every
 * pip install starts from an empty environment without waiting for one.
 */
import path from 'node:path';
import { createVenv } from './python';

export class VenvPool {
  private counter = 0;
  private next: Promise<string> | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly dir: string,
    private readonly prefetch = true,
  ) {}

  private create(): Promise<string> {
    const created = createVenv(path.join(this.dir, `venv-${++this.counter}`));
    const settled = created.catch(() => undefined); // a failure is reported by take(), not as unhandled
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return created;
  }

  /** Resolves to the python of a venv nobody has used yet. */
  take(): Promise<string> {
    const venv = this.next ?? this.create();
    this.next = this.prefetch ? this.create() : undefined;
    return venv;
  }

  /** Waits until no venv is being created any more, so the directory can be removed. */
  async drain(): Promise<void> {
    this.next = undefined;
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
