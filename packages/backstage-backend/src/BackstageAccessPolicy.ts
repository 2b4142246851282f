import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { operationRule } from '@wheelhouse/backstage-plugin-pypi-common';
import {
  AccessPolicy,
  AccessRequest,
  AuthenticationError,
  Credentials,
  NotAllowedError,
  NotFoundError,
  Principal,
} from '@wheelhouse/registry-core';
import type { Request } from 'express';

/**
 * Access inside Backstage. pip, twine and the GitHub actions send registry tokens (HTTP Basic, or a Bearer token
 * starting with `whl_`) and get the registry's own token policy. Everyone else is whoever Backstage says they are,
 * and the permission framework decides: a denied write is a 403, a denied read looks like nothing is there.
 */
export class BackstageAccessPolicy implements AccessPolicy {
  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      /** The registry's own policy, for registry tokens and anonymous pip. */
      tokens: AccessPolicy;
    },
  ) {}

  async authenticate(credentials: Credentials): Promise<Principal> {
    const header = credentials.authorization ?? '';
    if (/^basic\s/i.test(header) || /^bearer\s+whl_/i.test(header))
      return this.options.tokens.authenticate(credentials);
    let backstage: BackstageCredentials;
    try {
      backstage = await this.options.httpAuth.credentials(
        credentials.request as Request,
        {
          allow: ['user', 'service', 'none'],
        },
      );
    } catch (error) {
      throw new AuthenticationError(
        (error as Error).message || 'Invalid Backstage credentials',
      );
    }
    const principal = backstage.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    if (principal.type === 'user')
      return {
        type: 'user',
        actor: principal.userEntityRef!,
        credentials: backstage,
      };
    if (principal.type === 'service')
      return {
        type: 'user',
        actor: principal.subject!,
        credentials: backstage,
      };
    return { type: 'anonymous', actor: 'anonymous' };
  }

  async authorize(principal: Principal, request: AccessRequest): Promise<void> {
    if (principal.type !== 'user') {
      await this.options.tokens.authorize(principal, request);
      return;
    }
    const { permission } = operationRule(request.operation);
    const credentials = principal.credentials as BackstageCredentials;
    let decision;
    if (isResourcePermission(permission)) {
      if (request.repository === undefined) {
        throw new Error(`${request.operation} needs a repository`);
      }
      [decision] = await this.options.permissions.authorize(
        [{ permission, resourceRef: request.repository }],
        { credentials },
      );
    } else {
      [decision] = await this.options.permissions.authorize([{ permission }], {
        credentials,
      });
    }
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (request.operation === 'package.read') {
      throw new NotFoundError('Not found');
    }
    throw new NotAllowedError(
      `Not allowed: you lack the ${permission.name} permission${
        isResourcePermission(permission) ? ` in ${request.repository}` : ''
      }`,
    );
  }
}
