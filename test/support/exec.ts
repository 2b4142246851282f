/** Run an external program and capture its output, without throwing on a non-zero exit. */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this many milliseconds (default 240 s). */
  timeoutMs?: number;
  input?: string;
}

export function run(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stdout += chunk));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 240_000;
    const timer = setTimeout(() => {
      stderr += `\n[test harness] ${command} killed after ${timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', err => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Like run(), but throws with the full output when the exit code is not zero. */
export async function runOrThrow(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(describeFailure(command, args, result));
  }
  return result;
}

export function describeFailure(
  command: string,
  args: string[],
  result: RunResult,
): string {
  return [
    `${command} ${args.join(' ')} exited with ${result.code}`,
    `--- stdout ---\n${result.stdout}`,
    `--- stderr ---\n${result.stderr}`,
  ].join('\n');
}

/** Throws with twine's or pip's whole output unless it exited with 0. */
export function expectSuccess(result: RunResult, what: string): void {
  if (result.code !== 0)
    throw new Error(`FAILED: ${describeFailure(what, [], result)}`);
}

/** Throws with the whole output if it exited with 0. */
export function expectFailure(result: RunResult, what: string): void {
  if (result.code === 0)
    throw new Error(
      `expected a failure, but: ${describeFailure(what, [], result)}`,
    );
}
