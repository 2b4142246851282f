import { ChangeFeed, ChangeListener, RegistryChange } from './ChangeFeed';

/**
 * The change feed of one process: listeners run in the order they subscribed, synchronously within `publish`. A
 * listener that throws does not keep the others from hearing the change. Also the base of the feeds that carry
 * changes between replicas: what they receive from elsewhere they `deliver` here.
 */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly options: {
      onListenerError?: (error: unknown) => void;
    } = {},
  ) {}

  publish(change: RegistryChange): void {
    this.deliver(change);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Runs the listeners of this process. */
  protected deliver(change: RegistryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
  }

  async close(): Promise<void> {}
}
