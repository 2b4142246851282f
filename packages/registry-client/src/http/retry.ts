import { HttpError, isRetryable } from './errors';

/** The longest Retry-After honoured; a server asking for more is answered with the failure. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface RetryOptions {
  /** Further attempts after the first (default 3). */
  retries?: number;
  /** Delay before the first retry; doubles each time (default 1000 ms). */
  baseDelayMs?: number;
  /** Upper bound for one delay (default 30 s). */
  maxDelayMs?: number;
  /** Told before each retry, e.g. to log a warning. */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    error: unknown;
  }) => void;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, fails with an error that is not retryable (4xx but 429), or has used up its
 * retries. Delays grow exponentially with up to 20 % jitter, so parallel jobs don't hammer a recovering server
 * in lockstep.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt > retries || !isRetryable(error)) throw error;
      const exponential = Math.min(
        maxDelayMs,
        baseDelayMs * 2 ** (attempt - 1),
      );
      // A server that says when to come back (429, 503 with Retry-After) is waited for, not sooner.
      const asked = error instanceof HttpError ? error.retryAfterMs : undefined;
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) throw error;
      const delayMs = Math.max(
        asked ?? 0,
        Math.round(exponential * (1 + Math.random() * 0.2)),
      );
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
