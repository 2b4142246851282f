import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of the registry's repositories. Every permission below except `pypi.admin` is decided per
 * repository: a policy may return a conditional decision built from the rules the backend plugin exports
 * (`pypiRepositoryConditions`), e.g. "members of team-a may disable versions in ml-models".
 */
export const RESOURCE_TYPE_PYPI_REPOSITORY = 'pypi-repository';

/**
 * Seeing a repository's packages, versions and files, and installing them. If this permission is not authorized,
 * it will appear that the repository or package does not exist, both in the portal and in API responses (a denied
 * read looks like absence, as in the catalog).
 */
export const pypiReadPermission = createPermission({
  name: 'pypi.package.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/** Uploading distributions to a repository. */
export const pypiPublishPermission = createPermission({
  name: 'pypi.package.publish',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/** Disabling and enabling, yanking and unyanking versions. */
export const pypiDisablePermission = createPermission({
  name: 'pypi.version.disable',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/** Moving versions to the recycle bin. */
export const pypiDeletePermission = createPermission({
  name: 'pypi.version.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/** Restoring versions from the recycle bin. */
export const pypiRestorePermission = createPermission({
  name: 'pypi.version.restore',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/** Custom metadata and tags of versions. */
export const pypiMetadataPermission = createPermission({
  name: 'pypi.metadata.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_PYPI_REPOSITORY,
});

/**
 * Purging the recycle bin (by hand or by its retention) and managing everyone's registry tokens. Registry wide:
 * nothing lost for good is decided per repository.
 */
export const pypiAdminPermission = createPermission({
  name: 'pypi.admin',
  attributes: { action: 'delete' },
});

/** Every permission of the plugin, for `permissionsRegistry.addPermissions` and policy authors. */
export const pypiPermissions = [
  pypiReadPermission,
  pypiPublishPermission,
  pypiDisablePermission,
  pypiDeletePermission,
  pypiRestorePermission,
  pypiMetadataPermission,
  pypiAdminPermission,
];
