// Runs wrk (one thread: the machine has two cores, one for the server and one for the load) and parses its report.
import fs from 'node:fs';
import path from 'node:path';
import { cpuSecondsOf, pinned, run } from './util.mjs';

const UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME_UNITS = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function parseTime(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  return match ? Number(match[1]) * TIME_UNITS[match[2]] : NaN;
}

function parseBytes(text) {
  const match = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(text.trim());
  return match ? Number(match[1]) * UNITS[match[2]] : NaN;
}

/**
 * Loads `url` for `seconds` with `connections` keep-alive connections. With `paths` (a list of request paths), a
 * Lua script cycles through them. Returns requests/s, bytes/s, latency percentiles (ms) and error counts.
 */
export async function wrk({
  url,
  seconds,
  connections,
  headers = {},
  paths,
  workDir,
  timeoutSeconds = 30,
  cpuPid,
}) {
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    `--timeout=${timeoutSeconds}s`,
  ];
  for (const [name, value] of Object.entries(headers))
    args.push('-H', `${name}: ${value}`);
  if (paths) {
    const list = path.join(workDir, `wrk-paths-${process.hrtime.bigint()}.txt`);
    fs.writeFileSync(list, `${paths.join('\n')}\n`);
    const script = path.join(workDir, `wrk-${process.hrtime.bigint()}.lua`);
    fs.writeFileSync(
      script,
      [
        'local paths = {}',
        `for line in io.lines(${JSON.stringify(list)}) do paths[#paths + 1] = line end`,
        'local counter = 0',
        'request = function()',
        '  counter = counter + 1',
        '  if counter > #paths then counter = 1 end',
        '  return wrk.format("GET", paths[counter])',
        'end',
        '',
      ].join('\n'),
    );
    args.push('-s', script);
  }
  args.push(url);
  const cpuBefore = cpuPid ? cpuSecondsOf(cpuPid) : undefined;
  const { stdout } = await run(...pinned('load', 'wrk', args), {
    timeoutMs: (seconds + timeoutSeconds + 30) * 1000,
  });
  const cpuSeconds = cpuPid ? cpuSecondsOf(cpuPid) - cpuBefore : undefined;
  const latency = {};
  for (const match of stdout.matchAll(/^\s+(50|75|90|99)%\s+(\S+)$/gm))
    latency[`p${match[1]}`] = parseTime(match[2]);
  const totals =
    /(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+[KMGT]?B) read/.exec(stdout);
  const requests = totals ? Number(totals[1]) : NaN;
  const durationMs = totals ? Number(totals[2]) * TIME_UNITS[totals[3]] : NaN;
  const bytes = totals ? parseBytes(totals[4]) : NaN;
  const non2xx = Number(
    /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0,
  );
  const socket =
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
      stdout,
    );
  const socketErrors = socket
    ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0)
    : 0;
  return {
    requestsPerSecond: Number(
      /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN,
    ),
    bytesPerSecond: bytes / (durationMs / 1000),
    requests,
    latency,
    errors: non2xx + socketErrors,
    /** CPU time the process `cpuPid` spent per request during the run, in microseconds. */
    cpuMicrosPerRequest:
      cpuSeconds === undefined ? undefined : (cpuSeconds * 1e6) / requests,
    raw: stdout,
  };
}
