import {
  metadataKeyProblem,
  metadataValueProblem,
  tagProblem,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** Throws the common rule's problem with a custom metadata key, as the registry would refuse it. */
export function checkMetadataKey(key: string): void {
  const problem = metadataKeyProblem(key);
  if (problem) throw new Error(problem);
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
    const problem = metadataValueProblem(key, value);
    if (problem) throw new Error(problem);
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

/** Throws the common rule's problem with a tag, as the registry would refuse it. */
export function checkTag(tag: string): void {
  const problem = tagProblem(tag);
  if (problem) throw new Error(problem);
}
