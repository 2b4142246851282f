/**
 * What a registry token may do, as a person picks it when creating one. `publish` and `manage` each include
 * `read`; `admin` includes everything. Which operations each scope allows is in the operations table.
 */
export const PYPI_SCOPES = ['read', 'publish', 'manage', 'admin'] as const;
export type PypiScope = (typeof PYPI_SCOPES)[number];

const INCLUDED: Record<PypiScope, readonly PypiScope[]> = {
  read: ['read'],
  publish: ['publish', 'read'],
  manage: ['manage', 'read'],
  admin: ['admin', 'manage', 'publish', 'read'],
};

export function isPypiScope(value: unknown): value is PypiScope {
  return (PYPI_SCOPES as readonly unknown[]).includes(value);
}

/** True when any of the granted scopes includes the needed one. */
export function scopesInclude(
  granted: readonly PypiScope[],
  needed: PypiScope,
): boolean {
  return granted.some(scope => INCLUDED[scope].includes(needed));
}
