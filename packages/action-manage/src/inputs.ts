import {
  checkMetadataKey,
  checkTag,
  parseList,
  parseMetadataLines,
  parseRepositoryUrl,
  parseVersionSelector,
  RepositoryEndpoints,
  VersionSelector,
} from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';

export const OPERATIONS = [
  'disable',
  'enable',
  'yank',
  'unyank',
  'delete',
  'restore',
  'set-metadata',
  'remove-metadata',
  'tag',
  'untag',
  'cleanup',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface CleanupRules {
  /**
   * Keep this many of the newest final releases (of any versions with includePrereleases or prereleasesOnly),
   * and everything newer than the oldest of them.
   */
  keepNewest?: number;
  /** Delete only versions uploaded more than this many days ago. */
  olderThanDays?: number;
  prereleasesOnly: boolean;
  /** keep-newest counts pre-releases and dev releases too. */
  includePrereleases: boolean;
  /** Never delete the newest final release of the selection. */
  keepNewestRelease: boolean;
}

export interface ManageInputs {
  operation: Operation;
  endpoints: RepositoryEndpoints;
  username: string;
  password: string;
  package: string;
  selector: VersionSelector;
  reason?: string;
  metadata: Record<string, string>;
  keys: string[];
  tag?: string;
  cleanup: CleanupRules;
  dryRun: boolean;
  retries: number;
  /** Log every request and answer (also on with step debug logging). */
  verbose: boolean;
}

/** Reads and validates every input for the chosen operation before anything is sent. */
export function readManageInputs(toolkit: Toolkit): ManageInputs {
  const password = toolkit.getInput('password');
  // Masked before anything else can print it.
  if (password) toolkit.setSecret(password);
  const username = toolkit.getInput('username') || '__token__';
  if (password)
    toolkit.setSecret(
      Buffer.from(`${username}:${password}`).toString('base64'),
    );

  const operation = toolkit.getInput('operation') as Operation;
  if (!OPERATIONS.includes(operation)) {
    throw new Error(
      `Input operation must be one of ${OPERATIONS.join(', ')}; got ${JSON.stringify(operation)}`,
    );
  }
  const required = (name: string, why = '') => {
    const value = toolkit.getInput(name);
    if (!value) throw new Error(`Input ${name} is required${why}`);
    return value;
  };
  const endpoints = parseRepositoryUrl(
    required('repository-url', ', e.g. https://pypi.example.com/default/'),
  );
  required('password', ': an API token with the manage scope');
  const pkg = required('package');

  // untag needs no version; cleanup takes every version unless narrowed; the rest need one (or a specifier).
  const versionText = toolkit.getInput('version');
  if (!versionText && operation !== 'untag' && operation !== 'cleanup') {
    throw new Error(
      `Input version is required for ${operation}: a version such as 1.2.0, "latest", or a specifier such as "<2.0"`,
    );
  }
  const selector = parseVersionSelector(versionText);

  const reason = toolkit.getInput('reason') || undefined;
  if ((operation === 'disable' || operation === 'yank') && !reason)
    throw new Error(
      `Input reason is required for ${operation}: pip users see it when they hit the version`,
    );

  const metadata = parseMetadataLines(toolkit.getInput('metadata'));
  if (operation === 'set-metadata' && !Object.keys(metadata).length)
    throw new Error(
      'Input metadata is required for set-metadata: key=value lines',
    );
  const keys = parseList(toolkit.getInput('keys'));
  keys.forEach(checkMetadataKey);
  if (operation === 'remove-metadata' && !keys.length)
    throw new Error(
      'Input keys is required for remove-metadata: the metadata keys to remove',
    );

  const tag = toolkit.getInput('tag') || undefined;
  if ((operation === 'tag' || operation === 'untag') && !tag)
    throw new Error(`Input tag is required for ${operation}`);
  if (tag) checkTag(tag);

  const cleanup: CleanupRules = {
    keepNewest: optionalInteger(toolkit, 'keep-newest', 0, 100_000),
    olderThanDays: optionalInteger(toolkit, 'older-than-days', 0, 100_000),
    prereleasesOnly: booleanInput(toolkit, 'prereleases-only', false),
    includePrereleases: booleanInput(toolkit, 'include-prereleases', false),
    keepNewestRelease: booleanInput(toolkit, 'keep-newest-release', true),
  };
  if (
    operation === 'cleanup' &&
    cleanup.keepNewest === undefined &&
    cleanup.olderThanDays === undefined
  ) {
    throw new Error('cleanup needs keep-newest, older-than-days, or both');
  }

  return {
    operation,
    endpoints,
    username,
    password,
    package: pkg,
    selector,
    reason,
    metadata,
    keys,
    tag,
    cleanup,
    dryRun: booleanInput(toolkit, 'dry-run', false),
    retries: optionalInteger(toolkit, 'retries', 0, 10) ?? 3,
    verbose: booleanInput(toolkit, 'verbose', false) || toolkit.debugEnabled,
  };
}

/** YAML 1.2 booleans, as core.getBooleanInput accepts them; the default applies when the input is absent. */
export function booleanInput(
  toolkit: Toolkit,
  name: string,
  fallback: boolean,
): boolean {
  const value = toolkit.getInput(name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(
    `Input ${name} must be true or false, got ${JSON.stringify(value)}`,
  );
}

function optionalInteger(
  toolkit: Toolkit,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = toolkit.getInput(name);
  if (value === '') return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new Error(
      `Input ${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}
