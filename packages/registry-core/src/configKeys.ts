import leven from 'leven';
import type { ConfiguredTrustedPublisher } from './oidc/types';

/**
 * The settings a configuration section may hold: `true` for a value of any shape (checked elsewhere), an object for a
 * section with these keys, `[shape]` for a list whose entries have that shape.
 */
export type KeyShape =
  true | { readonly [key: string]: KeyShape } | readonly [KeyShape];

/** `oidc`, in the standalone configuration and under `pypi` in Backstage's. */
export const OIDC_KEYS = {
  audience: true,
  issuer: true,
  jwksUrl: true,
  serverUrl: true,
  tokenLifetimeSeconds: true,
  clockToleranceSeconds: true,
  jwksRefetchIntervalSeconds: true,
} as const satisfies KeyShape;

/** One entry of `trustedPublishers`: exactly the fields of a ConfiguredTrustedPublisher (the compiler checks). */
export const TRUSTED_PUBLISHER_KEYS = {
  repository: true,
  project: true,
  repositoryOwner: true,
  repositoryOwnerId: true,
  repositoryName: true,
  workflow: true,
  environment: true,
  refPattern: true,
} as const satisfies Record<keyof ConfiguredTrustedPublisher, true>;

/** One entry of `repositories`. */
export const REPOSITORY_KEYS = {
  name: true,
  description: true,
  anonymousRead: true,
  disabledVersions: true,
  kind: true,
  upstream: {
    url: true,
    username: true,
    password: true,
    token: true,
    timeoutSeconds: true,
    ttlSeconds: true,
    fileHosts: [true],
  },
  members: [true],
  uploadTo: true,
} as const satisfies KeyShape;

/**
 * Throws for the first key that the shape does not know, naming it and the nearest known key: a misspelt setting
 * (`stroage:`) would otherwise be ignored and its default used (local disk in the working directory).
 */
export function checkKnownKeys(
  value: unknown,
  shape: KeyShape,
  path: string,
): void {
  if (shape === true || value === null || typeof value !== 'object') return;
  if (Array.isArray(shape)) {
    if (Array.isArray(value))
      value.forEach((entry, index) =>
        checkKnownKeys(entry, shape[0], `${path}[${index}]`),
      );
    return;
  }
  if (Array.isArray(value)) return;
  const known = Object.keys(shape);
  for (const [key, child] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const childShape = (shape as Record<string, KeyShape>)[key];
    if (childShape === undefined) {
      const nearest = nearestKey(key, known);
      const prefix = path ? `${path}.` : '';
      const hint = nearest
        ? `: did you mean ${prefix}${nearest}?`
        : `; ${path || 'the configuration'} may hold ${known.join(', ')}`;
      throw new Error(`Unknown setting ${where}${hint}`);
    }
    checkKnownKeys(child, childShape, where);
  }
}

/** The known key closest to a misspelt one, if it is close enough to be what was meant. */
function nearestKey(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = leven(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3))
    ? best
    : undefined;
}
