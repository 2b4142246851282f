/**
 * Hostile clients against the standalone server from the built CLI (issue 11.5, 11.6): many slow anonymous bodies
 * and slow headers must not hold sockets nor keep index requests from being served; an upload form of 60 fields of
 * 4 MiB, chunked, must be refused early with the server's memory staying low.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {
  createToken,
  RunningRegistry,
  startRegistry,
} from './support/registry';
import { recordFigures } from './reliability/support/report';
import { makeTempDir, removeTempDir } from './support/tmp';

jest.setTimeout(120_000);

const TIMEOUTS = {
  headersTimeoutMs: 2000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 2000,
  idleTimeoutMs: 30_000,
  bodyTimeoutMs: 3000,
};
const SLOW_CLIENTS = 120;

let workDir: string;
let registry: RunningRegistry;
let token: string;

beforeAll(async () => {
  workDir = makeTempDir('http-limits');
  const dataDir = path.join(workDir, 'data');
  registry = await startRegistry({ dataDir, config: { server: TIMEOUTS } });
  token = await createToken({ dataDir, name: 'uploader', scopes: ['publish'] });
});
afterAll(async () => {
  await registry?.stop();
  removeTempDir(workDir);
});

interface Watched {
  status?: string;
  closedAfterMs?: number;
}

/** Opens a connection, writes `start`, then one byte of `drip` every dripMs, until the server closes it. */
function slowClient(start: string, dripMs: number, stopAfterMs: number) {
  const { hostname, port } = new URL(registry.url);
  return new Promise<Watched>(resolve => {
    const began = Date.now();
    const watched: Watched = {};
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(start);
    });
    const drip = setInterval(() => socket.write('x'), dripMs);
    const stop = setTimeout(() => socket.destroy(), stopAfterMs);
    socket.on('data', chunk => {
      watched.status ??= chunk.toString('latin1').split('\r\n')[0];
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(stop);
      watched.closedAfterMs = Date.now() - began;
      resolve(watched);
    });
  });
}

function peakRssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]);
}

test(`${SLOW_CLIENTS} slow anonymous POSTs and slow headers hold no socket and do not stop index requests`, async () => {
  const bodies = Array.from({ length: SLOW_CLIENTS }, (_, i) =>
    slowClient(
      `POST ${i % 2 ? '/api/v1/tokens' : '/api/v1/repositories/default/trusted-publishers'} HTTP/1.1\r\nHost: x\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      1000,
      30_000,
    ),
  );
  const headers = Array.from({ length: 20 }, () =>
    slowClient(
      'GET /default/simple/ HTTP/1.1\r\nHost: x\r\nX-Slow: ',
      500,
      30_000,
    ),
  );
  // Index requests meanwhile, each on a connection of its own.
  const served: number[] = [];
  const began = Date.now();
  const { url: base } = registry;
  while (Date.now() - began < 6000) {
    const answers = await Promise.all(
      ['/default/simple/', '/health', '/default/simple/nothing/'].map(
        async url =>
          (
            await fetch(`${base}${url}`, {
              headers: { connection: 'close' },
            })
          ).status,
      ),
    );
    served.push(...answers);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  expect(served.length).toBeGreaterThan(30);
  expect(new Set(served)).toEqual(new Set([200, 404]));

  const slowBodies = await Promise.all(bodies);
  for (const watched of slowBodies) {
    expect(watched.status).toBe('HTTP/1.1 401 Authentication required');
    // Answered at once, then BODY_TIMEOUT_MS for the rest of the body, then closed by the server (not at 30 s).
    expect(watched.closedAfterMs).toBeLessThan(TIMEOUTS.bodyTimeoutMs + 3000);
  }
  const slowHeaders = await Promise.all(headers);
  for (const watched of slowHeaders)
    expect(watched.closedAfterMs).toBeLessThan(
      TIMEOUTS.headersTimeoutMs + 2000,
    );
  recordFigures('http-limits', {
    slowAnonymousBodies: SLOW_CLIENTS,
    slowBodiesClosedWithinMs: Math.max(
      ...slowBodies.map(watched => watched.closedAfterMs!),
    ),
    slowHeaderClients: slowHeaders.length,
    slowHeadersClosedWithinMs: Math.max(
      ...slowHeaders.map(watched => watched.closedAfterMs!),
    ),
    indexRequestsServedMeanwhile: served.length,
  });
});

test('a chunked upload of 60 fields of 4 MiB is refused early and the server stays small', async () => {
  const pid = registry.process.pid!;
  const { hostname, port } = new URL(registry.url);
  await fetch(`${registry.url}/default/simple/`);
  const before = peakRssKiB(pid);
  const boundary = 'wheelhouse-limit-test';
  const field = Buffer.alloc(4 * 1024 * 1024, 'd');
  const result = await new Promise<{
    status: number;
    reason: string;
    sentMiB: number;
  }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({
      host: hostname,
      port: Number(port),
      method: 'POST',
      path: '/default/',
      headers: {
        authorization: `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
    });
    request.on('response', response => {
      answered = true;
      response.resume();
      resolve({
        status: response.statusCode!,
        reason: response.statusMessage ?? '',
        sentMiB: sent / 1024 / 1024,
      });
      request.destroy();
    });
    request.on('error', error => {
      if (!answered) reject(error);
    });
    const write = async () => {
      for (let i = 0; i < 60 && !answered; i++) {
        const part = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="description_${i}"\r\n\r\n`,
          ),
          field,
          Buffer.from('\r\n'),
        ]);
        sent += part.length;
        if (!request.write(part))
          await new Promise(drained => request.once('drain', drained));
      }
      if (!answered) request.end(`--${boundary}--\r\n`);
    };
    write().catch(reject);
  });
  expect(result.status).toBe(413);
  expect(result.reason).toMatch(/text fields exceed/);
  expect(result.sentMiB).toBeLessThan(64);
  const grownMiB = (peakRssKiB(pid) - before) / 1024;
  recordFigures('http-limits', {
    hugeFieldsSentMiBBeforeRefusal: Math.round(result.sentMiB),
    hugeFieldsPeakRssGrowthMiB: Math.round(grownMiB),
  });
  expect(grownMiB).toBeLessThan(48);
});
