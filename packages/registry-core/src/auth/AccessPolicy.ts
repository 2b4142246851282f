import { Scope } from './scopes';

/** Who is making a request. `actor` is what the audit trail and the upload records show. */
export type Principal =
  | { type: 'anonymous'; actor: 'anonymous' }
  | {
      type: 'token';
      actor: string;
      tokenId: string;
      scopes: Scope[];
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

/** What a request wants to do: the coarse scope a token needs, and the fine-grained action hosts may check. */
export interface AccessRequest {
  repository?: string;
  scope: Scope;
  /** e.g. `version.disable`, `version.delete`, `metadata.update`; see `ACTIONS`. */
  action: Action;
}

export const ACTIONS = [
  'package.read',
  'package.publish',
  'version.disable',
  'version.delete',
  'version.restore',
  'version.purge',
  'version.yank',
  'metadata.update',
  'tag.update',
  'token.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Decides who a request comes from and what it may do. The registry's own is token based; hosts may bring theirs. */
export interface AccessPolicy {
  /** Throws AuthenticationError when credentials are present but wrong. */
  authenticate(credentials: Credentials): Promise<Principal>;
  /**
   * Throws AuthenticationError when an anonymous caller needs to sign in, NotAllowedError when the principal
   * lacks the right. `repository` is undefined for registry-wide actions (tokens).
   */
  authorize(principal: Principal, request: AccessRequest): Promise<void>;
}
