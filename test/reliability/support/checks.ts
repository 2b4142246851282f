/** Assertions shared by the suites that attack a running server. */
import { closeIdleSockets, RawResponse } from './http';
import { inspectStorage, waitForEmptyStaging } from './storage';
import { openFds, ReliabilityTarget } from './target';

/** A status in the allowed set, and never a 5xx, with the request named in the message. */
export function expectStatusIn(
  response: RawResponse | undefined,
  allowed: number[],
  what: string,
): RawResponse {
  if (!response) throw new Error(`${what}: no response`);
  if (!allowed.includes(response.status)) {
    throw new Error(
      `${what}: ${response.status} ${response.statusText}, expected one of ${allowed.join(', ')}\n${response.text.slice(0, 500)}`,
    );
  }
  return response;
}

export interface Baseline {
  fds?: number;
  errorLines: number;
}

export function baseline(target: ReliabilityTarget): Baseline {
  closeIdleSockets();
  return {
    fds: target.local ? openFds(target.local.pid()) : undefined,
    errorLines: target.local?.errorLines().length ?? 0,
  };
}

/**
 * After an attack: the server is up, logged no unexpected error (every 500 is logged), left nothing staged, holds no
 * more file descriptors than before (plus slack for pooled connections), and its store is consistent.
 * Returns the storage snapshot (undefined against a remote target).
 */
export async function expectHealthy(
  target: ReliabilityTarget,
  before: Baseline,
  options: { fdSlack?: number } = {},
) {
  const health = await target.request('/api/v1/repositories', {
    token: target.tokens.read,
  });
  expect(health.status).toBe(200);
  const local = target.local;
  if (!local) return undefined;
  expect(local.errorLines().slice(before.errorLines)).toEqual([]);
  expect(await waitForEmptyStaging(local)).toEqual([]);
  if (before.fds !== undefined) {
    // Our idle keep-alive connections go first; the database pool (up to 10 on PostgreSQL) may still grow. A leak
    // grows with the number of cases, far past this slack.
    closeIdleSockets();
    const slack = options.fdSlack ?? (local.backend === 'postgres' ? 24 : 12);
    const deadline = Date.now() + 3000;
    let fds = openFds(local.pid());
    while (fds > before.fds + slack && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50));
      fds = openFds(local.pid());
    }
    expect(fds).toBeLessThanOrEqual(before.fds + slack);
  }
  const snapshot = await inspectStorage(local);
  expect(snapshot.problems).toEqual([]);
  return snapshot;
}
