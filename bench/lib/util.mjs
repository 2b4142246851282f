// Small helpers shared by the benchmark: processes, ports, timing, formatting.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * With two or more cores, servers (ours and nginx alike) run on core 0 and the load generator on core 1, so that each
 * side has one core of its own and the two servers are compared on equal terms. BENCH_PIN=0 turns this off.
 */
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
export function pinned(role, command, args) {
  if (!PIN) return [command, args];
  return ['taskset', ['-c', role === 'server' ? '0' : '1', command, ...args]];
}

export function log(message) {
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`,
  );
}

/** A free TCP port on loopback (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns something truthy, or throws after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(
    `timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`,
  );
}

/**
 * A child process whose output is kept (bounded), with a stop() that signals it by pid and waits for it to exit.
 */
export function startProcess(command, args, options = {}) {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  const output = { stdout: '', stderr: '' };
  const keep = (key, chunk) => {
    output[key] += chunk.toString();
    if (output[key].length > 200_000) output[key] = output[key].slice(-100_000);
  };
  child.stdout.on('data', chunk => keep('stdout', chunk));
  child.stderr.on('data', chunk => keep('stderr', chunk));
  const exited = new Promise(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    pid: child.pid,
    output,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs a command to completion; resolves with its output, rejects on a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const proc = startProcess(command, args, options);
    const timeoutMs = options.timeoutMs ?? 600_000;
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
    proc.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ ...proc.output, seconds });
      else {
        const error = new Error(
          `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${proc.output.stdout.slice(-4000)}\n${proc.output.stderr.slice(-4000)}`,
        );
        reject(error);
      }
    });
  });
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB. */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = name =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) /
    1024;
  return { peakMiB: field('VmHWM'), rssMiB: field('VmRSS') };
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSecondsOf(pid) {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so a later peak belongs to what ran since. */
export function resetPeakMemory(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function percentile(sortedValues, p) {
  if (!sortedValues.length) return NaN;
  const index = Math.min(
    sortedValues.length - 1,
    Math.ceil((p / 100) * sortedValues.length) - 1,
  );
  return sortedValues[Math.max(0, index)];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

export function makeWorkDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-bench-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function machineDescription() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model =
    /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  const nproc = execFileSync('nproc').toString().trim();
  const memGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  let distro = 'Linux';
  try {
    distro =
      /^PRETTY_NAME="?([^"\n]+)"?/m.exec(
        fs.readFileSync('/etc/os-release', 'utf8'),
      )?.[1] ?? distro;
  } catch {
    /* keep the default */
  }
  return {
    model,
    nproc,
    memGiB,
    node: process.version,
    distro,
    kernel: os.release(),
  };
}

export function fmt(value, digits = 0) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
