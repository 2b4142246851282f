import { HttpError } from './errors';
import { retryAfterMs } from './request';
import { withRetries } from './retry';

const serverError = () =>
  new HttpError(503, 'Service Unavailable', 'GET', 'http://x/');
const networkError = () =>
  Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function recorder() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('withRetries', () => {
  it('retries 5xx answers and network errors with doubling delays, then succeeds', async () => {
    const { delays, sleep } = recorder();
    const failures = [serverError(), networkError(), serverError()];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'ok';
      },
      { retries: 3, baseDelayMs: 100, sleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    // 100, 200, 400 ms, each with at most 20 % jitter on top.
    [100, 200, 400].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('never retries a 4xx answer', async () => {
    const { delays, sleep } = recorder();
    let calls = 0;
    const failure = withRetries(
      async () => {
        calls++;
        throw new HttpError(409, 'File already exists', 'POST', 'http://x/');
      },
      { retries: 5, sleep },
    );
    await expect(failure).rejects.toThrow('409 File already exists');
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('never retries errors that are not network failures (a bug, a missing file)', async () => {
    let calls = 0;
    const failure = withRetries(
      async () => {
        calls++;
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
      { retries: 3, sleep: async () => undefined },
    );
    await expect(failure).rejects.toThrow('no such file');
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last error, telling onRetry each time', async () => {
    const retried: number[] = [];
    let calls = 0;
    const failure = withRetries(
      async () => {
        calls++;
        throw serverError();
      },
      {
        retries: 2,
        sleep: async () => undefined,
        onRetry: ({ attempt }) => retried.push(attempt),
      },
    );
    await expect(failure).rejects.toThrow('503 Service Unavailable');
    expect(calls).toBe(3);
    expect(retried).toEqual([1, 2]);
  });

  it('caps each delay at maxDelayMs', async () => {
    const { delays, sleep } = recorder();
    let calls = 0;
    await withRetries(
      async () => {
        if (++calls < 6) throw serverError();
        return calls;
      },
      { retries: 5, baseDelayMs: 1000, maxDelayMs: 3000, sleep },
    );
    expect(Math.max(...delays)).toBeLessThanOrEqual(3600);
    expect(delays[4]).toBeGreaterThanOrEqual(3000);
  });
});

describe('withRetries and 429', () => {
  it('retries 429 Too Many Requests no sooner than Retry-After says', async () => {
    const { delays, sleep } = recorder();
    const failures = [
      new HttpError(429, 'Too Many Requests', 'POST', 'http://x/', 7000),
      new HttpError(429, 'Too Many Requests', 'POST', 'http://x/'),
    ];
    const result = await withRetries(
      async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return 'ok';
      },
      { retries: 3, baseDelayMs: 100, sleep },
    );
    expect(result).toBe('ok');
    expect(delays[0]).toBe(7000);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThanOrEqual(240);
  });

  it('gives up at once when Retry-After asks for more than five minutes', async () => {
    const { delays, sleep } = recorder();
    const failure = new HttpError(
      429,
      'Slow down',
      'GET',
      'http://x/',
      3_600_000,
    );
    await expect(
      withRetries(
        async () => {
          throw failure;
        },
        { retries: 3, sleep },
      ),
    ).rejects.toBe(failure);
    expect(delays).toEqual([]);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
