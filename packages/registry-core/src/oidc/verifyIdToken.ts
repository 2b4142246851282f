import { decodeJwt, errors, jwtVerify } from 'jose';
import { MintError } from './errors';
import { RemoteKeySet } from './RemoteKeySet';
import { GitHubClaims, OidcSettings } from './types';

/** Claims every GitHub Actions token carries and trusted publishing reads. */
const REQUIRED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'jti',
  'repository',
  'repository_owner',
  'repository_owner_id',
  'job_workflow_ref',
  'sha',
];

/** The longest a token may have existed before it is exchanged: GitHub's live for minutes. */
const MAX_TOKEN_AGE = '1h';

/**
 * Verifies an OIDC token with jose: RS256 signature against the issuer's keys, `iss`, `aud`, `exp` / `nbf` / `iat`
 * with a leeway, and that the claims trusted publishing needs are there. Each refusal says what to fix.
 */
export async function verifyIdToken(
  token: string,
  options: { keys: RemoteKeySet; settings: OidcSettings },
): Promise<GitHubClaims> {
  const { settings } = options;
  let unverified: Record<string, unknown>;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw new MintError(
      'invalid-token',
      'The token is not a JSON Web Token (expected the OIDC token the CI job requested, header.payload.signature)',
    );
  }
  // Checked before any key is fetched: a token of another issuer must not make us refetch ours.
  if (unverified.iss !== settings.issuer) {
    throw new MintError(
      'invalid-token',
      `The token was issued by ${JSON.stringify(unverified.iss)}; this registry trusts tokens of ${settings.issuer} only`,
    );
  }
  try {
    const { payload } = await jwtVerify(
      token,
      (header, jws) => options.keys.getKey(header, jws),
      {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256'],
        clockTolerance: settings.clockToleranceSeconds,
        maxTokenAge: MAX_TOKEN_AGE,
        requiredClaims: REQUIRED_CLAIMS,
      },
    );
    for (const claim of [
      'repository',
      'repository_owner',
      'repository_owner_id',
      'job_workflow_ref',
      'sha',
      'jti',
      'sub',
    ]) {
      if (typeof payload[claim] !== 'string' || !payload[claim])
        throw new MintError(
          'invalid-token',
          `The token's ${claim} claim is missing or empty`,
        );
    }
    return payload as GitHubClaims;
  } catch (error) {
    throw describe(error, unverified, settings);
  }
}

function describe(
  error: unknown,
  claims: Record<string, unknown>,
  settings: OidcSettings,
): Error {
  if (error instanceof MintError) return error;
  if (error instanceof errors.JWTExpired) {
    const at =
      typeof claims.exp === 'number'
        ? new Date(claims.exp * 1000).toISOString()
        : 'an unknown time';
    return new MintError(
      'invalid-token',
      `The token expired at ${at}: request a fresh one right before the exchange`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return new MintError(
          'invalid-token',
          `The token's audience is ${JSON.stringify(claims.aud)}, but this registry's is ${JSON.stringify(settings.audience)}: request the token for the audience GET /_/oidc/audience answers`,
        );
      case 'nbf':
        return new MintError(
          'invalid-token',
          "The token is not valid yet (nbf is in the future): check the clocks of the runner and of the registry's host",
        );
      case 'iat':
        return new MintError(
          'invalid-token',
          `The token's issue time (iat) is ${error.reason === 'check_failed' ? 'in the future or too long ago' : 'invalid'}: request a fresh token and check the clocks`,
        );
      default:
        return new MintError(
          'invalid-token',
          `The token's ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'invalid'}`,
        );
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new MintError(
      'invalid-token',
      `The token's signature does not verify with the key of ${settings.issuer} it names: it was not issued by the issuer, or it was altered`,
    );
  if (error instanceof errors.JWKSNoMatchingKey)
    return new MintError(
      'invalid-token',
      `The token was signed with a key ${settings.issuer} does not publish (unknown kid): it was not issued there`,
    );
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new MintError(
      'invalid-token',
      'The token is not signed with RS256, the algorithm GitHub Actions uses',
    );
  if (error instanceof errors.JOSEError)
    return new MintError(
      'invalid-token',
      `The token is malformed (${error.message})`,
    );
  return error as Error;
}
