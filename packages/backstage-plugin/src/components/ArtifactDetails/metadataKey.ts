/** The registry's rule for custom metadata keys (see registry-core's validation). */
export const METADATA_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_METADATA_VALUE = 4096;

/** Why a key would be refused, or undefined when it is fine. */
export function metadataKeyProblem(key: string): string | undefined {
  if (!key) return undefined;
  return METADATA_KEY_PATTERN.test(key)
    ? undefined
    : 'Up to 128 letters, digits, ".", "_" or "-", starting with a letter or digit';
}
