import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The pypi permissions the UI asks about before it offers an action. The same names and attributes as the backend
 * plugin's (packages/backstage-backend/src/permissions.ts), which decides: the UI only hides what would be refused.
 */
export const pypiReadPermission = createPermission({
  name: 'pypi.package.read',
  attributes: { action: 'read' },
});
export const pypiPublishPermission = createPermission({
  name: 'pypi.package.publish',
  attributes: { action: 'create' },
});
export const pypiDisablePermission = createPermission({
  name: 'pypi.version.disable',
  attributes: { action: 'update' },
});
export const pypiDeletePermission = createPermission({
  name: 'pypi.version.delete',
  attributes: { action: 'delete' },
});
export const pypiRestorePermission = createPermission({
  name: 'pypi.version.restore',
  attributes: { action: 'update' },
});
export const pypiMetadataPermission = createPermission({
  name: 'pypi.metadata.update',
  attributes: { action: 'update' },
});
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
