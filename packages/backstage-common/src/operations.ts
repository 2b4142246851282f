import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  pypiAdminPermission,
  pypiDeletePermission,
  pypiDisablePermission,
  pypiMetadataPermission,
  pypiPublishPermission,
  pypiReadPermission,
  pypiRestorePermission,
  RESOURCE_TYPE_PYPI_REPOSITORY,
} from './permissions';
import { PYPI_SCOPES, PypiScope, scopesInclude } from './scopes';

/** How much an operation matters to the portal's audit pipeline (Backstage's auditor severity levels). */
export type AuditSeverity = 'low' | 'medium' | 'high';

/** What one operation needs, from a registry token and from a Backstage user. */
export interface OperationRule {
  /** The token scope that allows it. */
  scope: PypiScope;
  /** The permission a Backstage user needs; resource permissions are decided per repository. */
  permission:
    ResourcePermission<typeof RESOURCE_TYPE_PYPI_REPOSITORY> | BasicPermission;
  /** The audit trail's event names for it (an operation and its undo share a rule). */
  auditEvents: readonly string[];
  severity: AuditSeverity;
}

/**
 * The one table of what each operation of the registry needs. The HTTP routes name an operation; the token policy,
 * the minting of personal tokens, the Backstage policy and the auditor all read the rule from here.
 */
export const PYPI_OPERATIONS = {
  'package.read': {
    scope: 'read',
    permission: pypiReadPermission,
    auditEvents: [],
    severity: 'low',
  },
  'package.publish': {
    scope: 'publish',
    permission: pypiPublishPermission,
    auditEvents: ['upload'],
    severity: 'low',
  },
  'version.disable': {
    scope: 'manage',
    permission: pypiDisablePermission,
    auditEvents: ['disable', 'enable'],
    severity: 'medium',
  },
  'version.yank': {
    scope: 'manage',
    permission: pypiDisablePermission,
    auditEvents: ['yank', 'unyank'],
    severity: 'medium',
  },
  'version.delete': {
    scope: 'manage',
    permission: pypiDeletePermission,
    auditEvents: ['delete'],
    severity: 'high',
  },
  'version.restore': {
    scope: 'manage',
    permission: pypiRestorePermission,
    auditEvents: ['restore'],
    severity: 'medium',
  },
  'metadata.update': {
    scope: 'manage',
    permission: pypiMetadataPermission,
    auditEvents: ['metadata'],
    severity: 'low',
  },
  'tag.update': {
    scope: 'manage',
    permission: pypiMetadataPermission,
    auditEvents: ['tag', 'untag'],
    severity: 'low',
  },
  // PEP 708: lets a virtual repository merge a public project of the same name with a hosted one (issue 14).
  'project.tracks': {
    scope: 'manage',
    permission: pypiMetadataPermission,
    auditEvents: ['tracks'],
    severity: 'high',
  },
  // Drops what a proxy stored of one project; it is fetched again on the next request.
  'cache.purge': {
    scope: 'manage',
    permission: pypiDeletePermission,
    auditEvents: ['cache.purge'],
    severity: 'medium',
  },
  // Loses data for good: admin only, for tokens and people alike, whether by hand or by retention.
  'version.purge': {
    scope: 'admin',
    permission: pypiAdminPermission,
    auditEvents: ['purge'],
    severity: 'high',
  },
  'token.manage': {
    scope: 'admin',
    permission: pypiAdminPermission,
    auditEvents: [],
    severity: 'high',
  },
  // A trusted publisher hands out publishing rights without a secret: as much as managing tokens.
  'publisher.manage': {
    scope: 'admin',
    permission: pypiAdminPermission,
    auditEvents: ['trusted-publisher.add', 'trusted-publisher.remove'],
    severity: 'high',
  },
} as const satisfies Record<string, OperationRule>;

export type PypiOperation = keyof typeof PYPI_OPERATIONS;

export const PYPI_OPERATION_NAMES = Object.keys(
  PYPI_OPERATIONS,
) as PypiOperation[];

export function operationRule(operation: PypiOperation): OperationRule {
  return PYPI_OPERATIONS[operation];
}

/** Whether the operation is decided per repository (its permission has the repository resource type). */
export function isRepositoryOperation(operation: PypiOperation): boolean {
  return 'resourceType' in PYPI_OPERATIONS[operation].permission;
}

/** Whether tokens with these scopes may perform the operation. */
export function scopesAllow(
  scopes: readonly PypiScope[],
  operation: PypiOperation,
): boolean {
  return scopesInclude(scopes, PYPI_OPERATIONS[operation].scope);
}

/**
 * Every operation a token with this scope may perform: what its owner must be allowed to do, in every repository
 * the token is valid for, before such a token is minted for them.
 */
export function operationsOfScope(scope: PypiScope): PypiOperation[] {
  return PYPI_OPERATION_NAMES.filter(operation =>
    scopesInclude([scope], PYPI_OPERATIONS[operation].scope),
  );
}

/** The operation an audit event belongs to; undefined for an event name no operation records. */
export function operationOfAuditEvent(
  event: string,
): PypiOperation | undefined {
  return PYPI_OPERATION_NAMES.find(operation =>
    (PYPI_OPERATIONS[operation].auditEvents as readonly string[]).includes(
      event,
    ),
  );
}

/**
 * The scopes a person may give a token of their own, given which permissions they hold (by permission name, for the
 * repository the token is for): those whose every operation they may perform themselves, as the minting checks.
 */
export function scopesAllowedBy(
  isAllowed: (permissionName: string) => boolean,
): PypiScope[] {
  return PYPI_SCOPES.filter(scope =>
    operationsOfScope(scope).every(operation =>
      isAllowed(PYPI_OPERATIONS[operation].permission.name),
    ),
  );
}
