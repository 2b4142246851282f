import { IncomingMessage } from 'node:http';
import { Request } from 'express';
import {
  API_BODY_MAX_BYTES,
  PypiOperation,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { AccessPolicy, Principal } from '../auth/AccessPolicy';
import { Registry } from '../createRegistry';
import { AuthenticationError, NotFoundError, RegistryError } from '../errors';
import { leafMembers } from '../proxy/repositoryKinds';
import { JsonBody, readJsonBody } from './requestBody';

/**
 * What every route of a router needs, built once per router: the registry, the access policy, and the ways to
 * authorize and read a request.
 */
export class RouteServices {
  constructor(
    readonly registry: Registry,
    private readonly policy: AccessPolicy,
    private readonly publicBaseUrl: string | undefined,
    /** How long a body may take to arrive (see ServerTimeouts.bodyTimeoutMs). */
    readonly bodyTimeoutMs: number,
  ) {}

  /**
   * Authorizes, and only then reads the JSON body: every route that takes one comes through here (or reads it with
   * readBody after its own check), so that no stranger's body is read, and none beyond API_BODY_MAX_BYTES.
   */
  async authorizeWithBody(
    request: Request,
    operation: PypiOperation,
    repository?: string,
  ): Promise<{ principal: Principal; body: JsonBody }> {
    const principal = await this.authorize(request, operation, repository);
    return { principal, body: await this.readBody(request) };
  }

  /** The JSON body of a request whose caller has been checked already. */
  readBody(request: Request): Promise<JsonBody> {
    return readJsonBody(request, {
      maxBytes: API_BODY_MAX_BYTES,
      timeoutMs: this.bodyTimeoutMs,
    });
  }

  /**
   * Authenticates and authorizes. A repository that doesn't exist is a 404 only after authorization, so that callers
   * who may not use it (anonymous ones, tokens for other repositories) learn nothing about which repositories exist.
   */
  async authorize(
    request: IncomingMessage,
    operation: PypiOperation,
    repository?: string,
  ): Promise<Principal> {
    const principal = await this.authenticate(request);
    if (repository !== undefined && !this.registry.hasRepository(repository)) {
      // Anonymous callers get the same 401 as for a private repository: existence is not revealed.
      if (principal.type === 'anonymous')
        throw new AuthenticationError(
          'Authentication required to read this repository',
        );
      // So do tokens limited to other repositories (403), and tokens without the scope: 404 only for those allowed.
      await this.policy.authorize(principal, { repository, operation });
      throw new NotFoundError(`Repository ${repository} not found`);
    }
    await this.policy.authorize(principal, { repository, operation });
    // Reading a virtual repository reads its members: the caller must be allowed to read each one, so that a
    // virtual URL never shows what a member's own URL would refuse.
    if (repository !== undefined && operation === 'package.read')
      for (const member of leafMembers(repository, name =>
        this.registry.repository(name),
      ))
        if (member.name !== repository)
          await this.policy.authorize(principal, {
            repository: member.name,
            operation,
          });
    return principal;
  }

  /** Who the request comes from, without deciding anything about what they may do. */
  authenticate(request: IncomingMessage): Promise<Principal> {
    return this.policy.authenticate({
      authorization: request.headers.authorization,
      request,
    });
  }

  /** Whether the principal may perform the operation; for filtering what to show rather than refusing. */
  async allows(
    principal: Principal,
    operation: PypiOperation,
    repository?: string,
  ): Promise<boolean> {
    try {
      await this.policy.authorize(principal, { repository, operation });
      return true;
    } catch (error) {
      if (error instanceof RegistryError && error.status < 500) return false;
      throw error;
    }
  }

  /** Whether responses of a repository may be kept by shared caches. */
  isPublic(repository: string): boolean {
    return this.registry.repository(repository)?.anonymousRead ?? false;
  }

  /** Where this router is reachable from outside: configured, or taken from the request. */
  baseUrl(request: Request): string {
    if (this.publicBaseUrl) return this.publicBaseUrl.replace(/\/+$/, '');
    return `${request.protocol}://${request.get('host')}${request.baseUrl}`;
  }
}
