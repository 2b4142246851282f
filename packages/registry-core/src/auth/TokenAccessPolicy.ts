import {
  PYPI_OPERATIONS,
  scopesAllow,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { AuthenticationError, NotAllowedError } from '../errors';
import {
  AccessPolicy,
  AccessRequest,
  Credentials,
  Principal,
} from './AccessPolicy';
import { parseAuthorization } from './basicAuth';
import { TokenStore } from './TokenStore';

/**
 * The registry's own policy: HTTP Basic with an API token as the password (any username, `__token__` as on PyPI),
 * or a Bearer token. A token may do what its scopes allow by the operations table; anonymous callers may read the
 * repositories configured for anonymous read.
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
    const { operation, repository } = request;
    if (principal.type === 'anonymous') {
      if (
        operation === 'package.read' &&
        repository !== undefined &&
        this.options.anonymousRead(repository)
      ) {
        return;
      }
      throw new AuthenticationError(
        operation === 'package.read'
          ? 'Authentication required to read this repository'
          : 'Authentication required',
      );
    }
    if (principal.type !== 'token') throw new NotAllowedError('Not allowed');
    if (principal.repositories) {
      if (repository === undefined) {
        // Registry-wide operations need a token not limited to some repositories.
        throw new NotAllowedError('This token is limited to some repositories');
      }
      if (!principal.repositories.includes(repository)) {
        throw new NotAllowedError(
          `This token is not valid for repository ${repository}`,
        );
      }
    }
    if (!scopesAllow(principal.scopes, operation)) {
      throw new NotAllowedError(
        `This token lacks the ${PYPI_OPERATIONS[operation].scope} scope`,
      );
    }
  }
}
