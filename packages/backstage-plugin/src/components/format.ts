/** Display formats shared by the pages: sizes, counts and times (UTC, so every viewer sees the same). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0
    ? `${value} B`
    : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatCount(count: number): string {
  return Number.isFinite(count) ? count.toLocaleString('en-US') : '–';
}

/** `2026-11-26 07:05 UTC` */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Core metadata values are text, lists (classifiers, Requires-Dist) or nested; show each as text. */
export function formatMetadataValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(formatMetadataValue).join('\n');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}
