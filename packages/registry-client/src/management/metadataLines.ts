/** Custom metadata keys, as the registry accepts them. */
export const METADATA_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_METADATA_VALUE_LENGTH = 4096;

export function checkMetadataKey(key: string): void {
  if (!METADATA_KEY.test(key)) {
    throw new Error(
      `invalid metadata key ${JSON.stringify(key)}: 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}

/**
 * `key=value` lines (a workflow's multi-line input) into an object. Blank lines and `#` comments are skipped; the
 * value is everything after the first `=`, trimmed, and may itself contain `=`. Throws on a malformed line, so a
 * typo fails the step instead of silently dropping an entry.
 */
export function parseMetadataLines(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals <= 0)
      throw new Error(
        `metadata line ${index + 1} ${JSON.stringify(line)} is not key=value`,
      );
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    checkMetadataKey(key);
    if (value.length > MAX_METADATA_VALUE_LENGTH) {
      throw new Error(
        `the value of metadata key ${key} is longer than ${MAX_METADATA_VALUE_LENGTH} characters`,
      );
    }
    result[key] = value;
  });
  return result;
}

/** Items separated by commas and/or newlines (tags, keys), trimmed, without blanks or duplicates. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\r\n]/)
        .map(item => item.trim())
        .filter(Boolean),
    ),
  ];
}

export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkTag(tag: string): void {
  if (!TAG_PATTERN.test(tag)) {
    throw new Error(
      `invalid tag ${JSON.stringify(tag)}: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}
