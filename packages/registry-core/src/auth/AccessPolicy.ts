import {
  PypiOperation,
  PypiScope,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** Who is making a request. `actor` is what the audit trail and the upload records show. */
export type Principal =
  | { type: 'anonymous'; actor: 'anonymous' }
  | {
      type: 'token';
      actor: string;
      tokenId: string;
      scopes: PypiScope[];
      /** undefined: every repository */
      repositories?: string[];
    }
  | {
      /** A person signed in to a host application (Backstage), whose rights the host decides. */
      type: 'user';
      actor: string;
      /** The host's own credentials object, handed back to the host's policy when authorizing. */
      credentials?: unknown;
    };

/** The credentials of a request, as the HTTP layer found them. */
export interface Credentials {
  authorization?: string;
  /** The HTTP request itself, for hosts whose auth reads more than the header (Backstage's httpAuth). */
  request?: unknown;
}

/**
 * What a request wants to do: an operation of the common operations table (`PYPI_OPERATIONS`), which says what it
 * needs, and the repository it is done in (undefined for registry-wide operations such as managing tokens).
 */
export interface AccessRequest {
  repository?: string;
  operation: PypiOperation;
}

/** Decides who a request comes from and what it may do. The registry's own is token based; hosts may bring theirs. */
export interface AccessPolicy {
  /** Throws AuthenticationError when credentials are present but wrong. */
  authenticate(credentials: Credentials): Promise<Principal>;
  /**
   * Throws AuthenticationError when an anonymous caller needs to sign in, NotAllowedError when the principal
   * lacks the right (or NotFoundError, for hosts where a denied read looks like absence).
   */
  authorize(principal: Principal, request: AccessRequest): Promise<void>;
}
