import {
  BasicPermission,
  createPermission,
} from '@backstage/plugin-permission-common';
import { Action } from '@wheelhouse/registry-core';

/** Seeing packages, versions and their files, and installing them. */
export const pypiReadPermission = createPermission({
  name: 'pypi.package.read',
  attributes: { action: 'read' },
});
/** Uploading distributions. */
export const pypiPublishPermission = createPermission({
  name: 'pypi.package.publish',
  attributes: { action: 'create' },
});
/** Disabling and enabling (and yanking) versions. */
export const pypiDisablePermission = createPermission({
  name: 'pypi.version.disable',
  attributes: { action: 'update' },
});
/** Moving versions to the recycle bin. */
export const pypiDeletePermission = createPermission({
  name: 'pypi.version.delete',
  attributes: { action: 'delete' },
});
/** Restoring versions from the recycle bin. */
export const pypiRestorePermission = createPermission({
  name: 'pypi.version.restore',
  attributes: { action: 'update' },
});
/** Custom metadata and tags of versions. */
export const pypiMetadataPermission = createPermission({
  name: 'pypi.metadata.update',
  attributes: { action: 'update' },
});
/** Purging the recycle bin and managing everyone's tokens. */
export const pypiAdminPermission = createPermission({
  name: 'pypi.admin',
  attributes: {},
});

export const pypiPermissions = [
  pypiReadPermission,
  pypiPublishPermission,
  pypiDisablePermission,
  pypiDeletePermission,
  pypiRestorePermission,
  pypiMetadataPermission,
  pypiAdminPermission,
];

/** Which permission guards each registry action. */
export const PERMISSION_FOR_ACTION: Record<Action, BasicPermission> = {
  'package.read': pypiReadPermission,
  'package.publish': pypiPublishPermission,
  'version.disable': pypiDisablePermission,
  'version.yank': pypiDisablePermission,
  'version.delete': pypiDeletePermission,
  'version.restore': pypiRestorePermission,
  'version.purge': pypiAdminPermission,
  'metadata.update': pypiMetadataPermission,
  'tag.update': pypiMetadataPermission,
  'token.manage': pypiAdminPermission,
};
