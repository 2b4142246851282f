import { InputError } from '../errors';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_VALUE_LENGTH = 4096;
const MAX_REASON_LENGTH = 1000;

// NUL and other C0 controls have no place in names, reasons or values (PostgreSQL refuses NUL in text outright).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text) || text.includes('\u0000');
}

/** A reason for disabling or deleting: text, trimmed, bounded; required where the action asks for one. */
export function validateReason(
  value: unknown,
  options: { required: boolean },
): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (options.required) throw new InputError('A reason is required');
    return undefined;
  }
  if (typeof value !== 'string')
    throw new InputError('The reason must be text');
  const reason = value.trim();
  if (hasControlCharacters(reason))
    throw new InputError('The reason must not contain control characters');
  if (!reason && options.required) throw new InputError('A reason is required');
  if (reason.length > MAX_REASON_LENGTH)
    throw new InputError(
      `The reason is longer than ${MAX_REASON_LENGTH} characters`,
    );
  return reason || undefined;
}

export function validateTag(value: unknown): string {
  if (typeof value !== 'string' || !TAG_PATTERN.test(value)) {
    throw new InputError(
      'A tag is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  return value;
}

/** Custom metadata: keys like identifiers, values bounded text. */
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
      if (!KEY_PATTERN.test(key)) {
        throw new InputError(
          `Invalid metadata key ${JSON.stringify(key)}: 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`,
        );
      }
      if (typeof value !== 'string')
        throw new InputError(`The value of ${key} must be text`);
      if (hasControlCharacters(value))
        throw new InputError(
          `The value of ${key} must not contain control characters`,
        );
      if (value.length > MAX_VALUE_LENGTH)
        throw new InputError(
          `The value of ${key} is longer than ${MAX_VALUE_LENGTH} characters`,
        );
      result.set[key] = value;
    }
  }
  if (remove !== undefined) {
    if (!Array.isArray(remove) || remove.some(key => typeof key !== 'string')) {
      throw new InputError('"remove" must be a list of keys');
    }
    result.remove = remove as string[];
  }
  if (!Object.keys(result.set).length && !result.remove.length)
    throw new InputError('Nothing to change');
  return result;
}
