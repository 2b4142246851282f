import {
  hasControlCharacters,
  metadataKeyProblem,
  metadataValueProblem,
  reasonProblem,
  tagProblem,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { InputError } from '../errors';

/** The common checks (shared with the portal and the actions), as the registry's typed errors. */

export { hasControlCharacters };

function check(problem: string | undefined): void {
  if (problem) throw new InputError(problem);
}

/** A reason for disabling, yanking or deleting: trimmed; undefined when none was given and none is required. */
export function validateReason(
  value: unknown,
  options: { required: boolean },
): string | undefined {
  check(reasonProblem(value, options));
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

export function validateTag(value: unknown): string {
  check(tagProblem(value));
  return value as string;
}

/** Custom metadata changes: keys to set with their values, keys to remove. */
export function validateMetadataChange(
  set: unknown,
  remove: unknown,
): { set: Record<string, string>; remove: string[] } {
  const result = { set: {} as Record<string, string>, remove: [] as string[] };
  if (set !== undefined) {
    if (typeof set !== 'object' || set === null || Array.isArray(set)) {
      throw new InputError('"set" must be an object of key/value pairs');
    }
    for (const [key, value] of Object.entries(set)) {
      check(metadataKeyProblem(key));
      check(metadataValueProblem(key, value));
      result.set[key] = value as string;
    }
  }
  if (remove !== undefined) {
    if (!Array.isArray(remove) || remove.some(key => typeof key !== 'string')) {
      throw new InputError('"remove" must be a list of keys');
    }
    // A key that could never have been set cannot be removed (and would not fit the key column).
    for (const key of remove) check(metadataKeyProblem(key));
    result.remove = remove as string[];
  }
  if (!Object.keys(result.set).length && !result.remove.length) {
    throw new InputError('Nothing to change');
  }
  return result;
}
