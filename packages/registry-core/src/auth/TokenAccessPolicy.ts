import { AuthenticationError, NotAllowedError } from '../errors';
import {
  AccessPolicy,
  AccessRequest,
  Credentials,
  Principal,
} from './AccessPolicy';
import { parseAuthorization } from './basicAuth';
import { scopesAllow } from './scopes';
import { TokenStore } from './TokenStore';

/**
 * The registry's own policy: HTTP Basic with an API token as the password (any username, `__token__` as on PyPI),
 * or a Bearer token. Anonymous callers may read the repositories configured for anonymous read.
 */
export class TokenAccessPolicy implements AccessPolicy {
  constructor(
    private readonly options: {
      tokens: TokenStore;
      /** Whether a repository allows anonymous reads; unknown repositories don't. */
      anonymousRead: (repository: string) => boolean;
    },
  ) {}

  async authenticate(credentials: Credentials): Promise<Principal> {
    const parsed = parseAuthorization(credentials.authorization);
    if (!parsed) return { type: 'anonymous', actor: 'anonymous' };
    const token = parsed.secret
      ? await this.options.tokens.verify(parsed.secret)
      : undefined;
    if (!token) throw new AuthenticationError('Invalid or expired API token');
    return {
      type: 'token',
      // Both who the token belongs to and which token it was, for upload records and the audit trail.
      actor: token.owner
        ? `${token.owner} via token ${token.name}`
        : `token:${token.name}`,
      tokenId: token.id,
      scopes: token.scopes,
      repositories: token.repositories,
    };
  }

  async authorize(principal: Principal, request: AccessRequest): Promise<void> {
    if (principal.type === 'anonymous') {
      // Registry-wide reads (the repository list, whoami) show anonymous callers only what is public anyway.
      if (
        request.scope === 'read' &&
        (!request.repository || this.options.anonymousRead(request.repository))
      )
        return;
      throw new AuthenticationError(
        request.scope === 'read'
          ? 'Authentication required to read this repository'
          : 'Authentication required',
      );
    }
    if (principal.type !== 'token') throw new NotAllowedError('Not allowed');
    if (
      request.repository &&
      principal.repositories &&
      !principal.repositories.includes(request.repository)
    ) {
      throw new NotAllowedError(
        `This token is not valid for repository ${request.repository}`,
      );
    }
    if (
      !request.repository &&
      principal.repositories &&
      request.scope !== 'read'
    ) {
      // Registry-wide actions need a token not limited to some repositories.
      throw new NotAllowedError('This token is limited to some repositories');
    }
    if (!scopesAllow(principal.scopes, request.scope)) {
      throw new NotAllowedError(`This token lacks the ${request.scope} scope`);
    }
  }
}
