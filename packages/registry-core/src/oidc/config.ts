import { parsePublisherInput } from './publisherInput';
import { NewTrustedPublisher, OidcSettings } from './types';

/** Checks the `oidc` settings and `trustedPublishers` of a configuration, naming the setting that is wrong. */
export function validateTrustedPublishingConfig(config: {
  oidc?: Partial<OidcSettings>;
  trustedPublishers?: Record<string, unknown>[];
}): void {
  const oidc = config.oidc;
  if (oidc !== undefined) {
    if (typeof oidc !== 'object' || oidc === null)
      throw new Error('oidc must be an object');
    for (const key of ['audience', 'issuer', 'jwksUrl', 'serverUrl'] as const) {
      const value = oidc[key];
      if (value !== undefined && (typeof value !== 'string' || !value))
        throw new Error(`oidc.${key} must be non-empty text`);
    }
    for (const key of ['issuer', 'jwksUrl', 'serverUrl'] as const) {
      if (oidc[key] !== undefined && !/^https?:\/\/[^\s]+$/.test(oidc[key]!))
        throw new Error(`oidc.${key} must be an http(s) URL`);
    }
    for (const key of [
      'tokenLifetimeSeconds',
      'clockToleranceSeconds',
      'jwksRefetchIntervalSeconds',
    ] as const) {
      const value = oidc[key];
      if (
        value !== undefined &&
        !(Number.isInteger(value) && value >= 0 && value <= 86_400)
      )
        throw new Error(`oidc.${key} must be a whole number of seconds`);
    }
    if (oidc.tokenLifetimeSeconds === 0)
      throw new Error('oidc.tokenLifetimeSeconds must be at least 1');
  }
  configuredPublishers(config.trustedPublishers);
}

/** The configured publishers as the registry takes them; throws for an invalid entry, naming it. */
export function configuredPublishers(
  entries: Record<string, unknown>[] | undefined,
): NewTrustedPublisher[] | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries))
    throw new Error('trustedPublishers must be a list');
  return entries.map((entry, index) => {
    const repository = entry?.repository;
    if (typeof repository !== 'string' || !repository)
      throw new Error(
        `trustedPublishers[${index}].repository must name a repository`,
      );
    try {
      return {
        ...parsePublisherInput(entry, {
          repository,
          createdBy: 'configuration',
        }),
        source: 'config' as const,
      };
    } catch (error) {
      throw new Error(
        `trustedPublishers[${index}]: ${(error as Error).message}`,
      );
    }
  });
}
