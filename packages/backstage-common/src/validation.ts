import {
  METADATA_KEY_MAX_LENGTH,
  METADATA_KEY_PATTERN,
  METADATA_VALUE_MAX_LENGTH,
  REASON_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAG_PATTERN,
} from './limits';

/**
 * Checks shared by the registry, the portal and the actions. Each answers the problem with the value as a sentence a
 * person can act on, or undefined when the value is fine; each side turns a problem into its own kind of error.
 */

// NUL and the other C0 controls have no place in names, reasons or values (PostgreSQL refuses NUL in text).
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

export const METADATA_KEY_RULE = `1 to ${METADATA_KEY_MAX_LENGTH} letters, digits, ".", "_" or "-", starting with a letter or digit`;
export const TAG_RULE = `1 to ${TAG_MAX_LENGTH} letters, digits, ".", "_" or "-", starting with a letter or digit`;

export function metadataKeyProblem(key: string): string | undefined {
  return METADATA_KEY_PATTERN.test(key)
    ? undefined
    : `Invalid metadata key ${JSON.stringify(key)}: ${METADATA_KEY_RULE}`;
}

export function metadataValueProblem(
  key: string,
  value: unknown,
): string | undefined {
  if (typeof value !== 'string') return `The value of ${key} must be text`;
  if (hasControlCharacters(value)) {
    return `The value of ${key} must not contain control characters`;
  }
  if (value.length > METADATA_VALUE_MAX_LENGTH) {
    return `The value of ${key} is longer than ${METADATA_VALUE_MAX_LENGTH} characters`;
  }
  return undefined;
}

export function tagProblem(tag: unknown): string | undefined {
  return typeof tag === 'string' && TAG_PATTERN.test(tag)
    ? undefined
    : `Invalid tag ${JSON.stringify(tag)}: ${TAG_RULE}`;
}

/** A reason (disable, yank, delete): text, without control characters, bounded; required where the action asks. */
export function reasonProblem(
  reason: unknown,
  options: { required: boolean },
): string | undefined {
  if (reason === undefined || reason === null || reason === '') {
    return options.required ? 'A reason is required' : undefined;
  }
  if (typeof reason !== 'string') return 'The reason must be text';
  const trimmed = reason.trim();
  if (hasControlCharacters(trimmed)) {
    return 'The reason must not contain control characters';
  }
  if (!trimmed && options.required) return 'A reason is required';
  if (trimmed.length > REASON_MAX_LENGTH) {
    return `The reason is longer than ${REASON_MAX_LENGTH} characters`;
  }
  return undefined;
}
