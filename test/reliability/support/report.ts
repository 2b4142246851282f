/**
 * Figures of a run (cases tried, requests, RSS) for the README's reliability section: each suite merges its own into
 * $WHEELHOUSE_RELIABILITY_REPORT (default <tmp>/wheelhouse-reliability-figures.json).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPORT_FILE =
  process.env.WHEELHOUSE_RELIABILITY_REPORT ??
  path.join(os.tmpdir(), 'wheelhouse-reliability-figures.json');

export function recordFigures(
  suite: string,
  figures: Record<string, unknown>,
): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(REPORT_FILE, 'utf8'));
  } catch {
    all = {};
  }
  all[suite] = {
    ...(all[suite] as object),
    ...figures,
    recordedAt: new Date().toISOString(),
  };
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

/** fast-check run counts scale with WHEELHOUSE_FUZZ_SCALE (default 1; e.g. 10 for a long local run). */
export function runs(base: number): number {
  const scale = Number(process.env.WHEELHOUSE_FUZZ_SCALE ?? '1');
  return Math.max(
    1,
    Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)),
  );
}

/** A fixed seed reproduces a run (fast-check prints the seed and path of any failure). */
export function fcParameters(numRuns: number): {
  numRuns: number;
  seed?: number;
  endOnFailure: boolean;
} {
  const seed = process.env.WHEELHOUSE_FUZZ_SEED;
  return {
    numRuns: runs(numRuns),
    endOnFailure: true,
    ...(seed ? { seed: Number(seed) } : {}),
  };
}
