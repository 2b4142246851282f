import {
  CreatedToken,
  isPypiScope,
  operationsOfScope,
  PypiOperation,
  PypiScope,
  TOKEN_MAX_LIFETIME_DAYS,
  TOKEN_NAME_MAX_LENGTH,
  TokenInfo,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { NewToken, TokenStore } from '../auth/TokenStore';
import { InputError, NotAllowedError, NotFoundError } from '../errors';
import { hasControlCharacters } from './validation';

const OWNER_MAX_LENGTH = 256;
const DAY_MS = 86_400_000;

/** Asks the host's policy whether the token's future owner may perform an operation (in a repository). */
export type OwnerCheck = (
  operation: PypiOperation,
  repository: string | undefined,
) => Promise<boolean>;

/**
 * Registry API tokens: created by admins for anyone, or by signed-in people for themselves. A token never carries
 * more than its owner may do: each scope stands for the operations the operations table grants it, and a personal
 * token is minted only when its owner is allowed every one of them in every repository it is valid for.
 */
export class TokenService {
  constructor(
    private readonly options: {
      tokens: TokenStore;
      /** The names of the configured repositories. */
      repositories: () => string[];
    },
  ) {}

  list(options?: { owner?: string }): Promise<TokenInfo[]> {
    return this.options.tokens.list(options);
  }

  /** An admin creates a token, for themselves or (with `owner`) for someone else. */
  async create(request: {
    body: unknown;
    actor: string;
  }): Promise<CreatedToken> {
    const input = this.parse(request.body, { ownerAllowed: true });
    return this.store({ ...input, owner: input.owner ?? request.actor });
  }

  /** A signed-in person mints a token for themselves, with at most what they may do. */
  async createPersonal(request: {
    body: unknown;
    owner: string;
    allows: OwnerCheck;
  }): Promise<CreatedToken> {
    const input = this.parse(request.body, { ownerAllowed: false });
    const repositories = input.repositories ?? this.options.repositories();
    const operations = new Set(input.scopes.flatMap(operationsOfScope));
    for (const operation of operations) {
      const where =
        operation === 'token.manage' || operation === 'version.purge'
          ? [undefined]
          : repositories;
      for (const repository of where) {
        if (!(await request.allows(operation, repository))) {
          throw new NotAllowedError(
            `You may not ${operation}${repository ? ` in ${repository}` : ''}, so you may not create a token with the ${input.scopes.join(', ')} scope${input.scopes.length > 1 ? 's' : ''}${input.repositories ? '' : ' for every repository'}`,
          );
        }
      }
    }
    return this.store({ ...input, owner: request.owner });
  }

  /** Revokes a token; with `owner`, only one of theirs (others' look absent). */
  async revoke(id: string, options?: { owner?: string }): Promise<TokenInfo> {
    const token = await this.options.tokens.get(id);
    if (
      !token ||
      (options?.owner !== undefined && token.owner !== options.owner) ||
      !(await this.options.tokens.revoke(token.id))
    ) {
      // Unknown, someone else's or already revoked: nothing to revoke.
      throw new NotFoundError(`Token ${id} not found`);
    }
    return (await this.options.tokens.get(token.id))!;
  }

  private async store(input: NewToken): Promise<CreatedToken> {
    const created = await this.options.tokens.create(input);
    return { token: created.token, ...created.record };
  }

  /** Validates a token request body: name, scopes, optional repositories, owner and lifetime in days. */
  private parse(body: unknown, options: { ownerAllowed: boolean }): NewToken {
    const input = (body ?? {}) as Record<string, unknown>;
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (
      !name ||
      name.length > TOKEN_NAME_MAX_LENGTH ||
      hasControlCharacters(name)
    ) {
      throw new InputError(
        `A token needs a name of 1 to ${TOKEN_NAME_MAX_LENGTH} characters, without control characters`,
      );
    }
    let owner: string | undefined;
    if (input.owner !== undefined) {
      if (!options.ownerAllowed) {
        throw new InputError(
          'A personal token is always your own: leave out owner',
        );
      }
      if (
        typeof input.owner !== 'string' ||
        !input.owner.trim() ||
        hasControlCharacters(input.owner) ||
        input.owner.length > OWNER_MAX_LENGTH
      ) {
        throw new InputError(
          `owner must be text of 1 to ${OWNER_MAX_LENGTH} characters`,
        );
      }
      owner = input.owner;
    }
    const scopes: unknown[] = Array.isArray(input.scopes)
      ? input.scopes
      : ['read'];
    if (!scopes.length || !scopes.every(isPypiScope)) {
      throw new InputError(
        'scopes must be a list of read, publish, manage, admin',
      );
    }
    const known = new Set(this.options.repositories());
    const repositories = input.repositories;
    if (
      repositories !== undefined &&
      (!Array.isArray(repositories) ||
        !repositories.length ||
        repositories.some(
          repository =>
            typeof repository !== 'string' || !known.has(repository),
        ))
    ) {
      throw new InputError(
        'repositories must be a non-empty list of existing repository names (leave it out for all)',
      );
    }
    let expiresAt: string | undefined;
    if (input.expiresInDays !== undefined) {
      const days = Number(input.expiresInDays);
      if (
        !Number.isInteger(days) ||
        days < 1 ||
        days > TOKEN_MAX_LIFETIME_DAYS
      ) {
        throw new InputError(
          `expiresInDays must be a whole number from 1 to ${TOKEN_MAX_LIFETIME_DAYS}`,
        );
      }
      expiresAt = new Date(Date.now() + days * DAY_MS).toISOString();
    }
    return {
      name,
      scopes: [...new Set(scopes as PypiScope[])],
      repositories: repositories as string[] | undefined,
      owner,
      expiresAt,
    };
  }
}
