/**
 * What a token may do. `publish` and `manage` each include `read`; `admin` includes everything, also managing
 * tokens. Kept flat and small on purpose: it is what a person picks when creating a token.
 */
export const SCOPES = ['read', 'publish', 'manage', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const IMPLIED: Record<Scope, Scope[]> = {
  read: ['read'],
  publish: ['publish', 'read'],
  manage: ['manage', 'read'],
  admin: ['admin', 'manage', 'publish', 'read'],
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** True when any of the granted scopes includes the needed one. */
export function scopesAllow(granted: readonly Scope[], needed: Scope): boolean {
  return granted.some(scope => IMPLIED[scope].includes(needed));
}
