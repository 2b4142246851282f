/** Bundles the dev app into `outdir` (default dev/dist): index.html, index.js and its chunks. */
export function buildDevApp(options?: {
  outdir?: string;
}): Promise<{ outdir: string; warnings: unknown[] }>;
export const DEFAULT_OUTDIR: string;
