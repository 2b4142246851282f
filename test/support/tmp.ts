/** Scratch directories for end-to-end tests: os.tmpdir()/wheelhouse-e2e-XXXXXX. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TEMP_PREFIX = 'wheelhouse-e2e-';

export function makeTempDir(label = ''): string {
  const prefix = path.join(
    os.tmpdir(),
    TEMP_PREFIX + (label ? `${label}-` : ''),
  );
  return fs.mkdtempSync(prefix);
}

/** Removes a scratch directory; set WHEELHOUSE_E2E_KEEP=1 to keep it for inspection. */
export function removeTempDir(dir: string | undefined): void {
  if (!dir) return;
  if (process.env.WHEELHOUSE_E2E_KEEP === '1') {
    // eslint-disable-next-line no-console
    console.log(`WHEELHOUSE_E2E_KEEP=1: keeping ${dir}`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
