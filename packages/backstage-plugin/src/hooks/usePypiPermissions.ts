import { usePermission } from '@backstage/plugin-permission-react';
import {
  PypiScope,
  pypiAdminPermission,
  pypiDeletePermission,
  pypiDisablePermission,
  pypiMetadataPermission,
  pypiPublishPermission,
  pypiReadPermission,
  pypiRestorePermission,
  scopesAllowedBy,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** What the signed-in user may do; false while the answer is loading, so actions appear only once allowed. */
export interface PypiPermissions {
  canPublish: boolean;
  canDisable: boolean;
  canDelete: boolean;
  canRestore: boolean;
  canEditMetadata: boolean;
  canPurge: boolean;
  /** The token scopes the user may mint for this repository (the operations table decides, as the backend does). */
  tokenScopes: PypiScope[];
}

/** The user's permissions in one repository (the backend decides; the portal only hides what would be refused). */
export function usePypiPermissions(repository: string): PypiPermissions {
  const resourceRef = repository;
  const read = usePermission({ permission: pypiReadPermission, resourceRef });
  const publish = usePermission({
    permission: pypiPublishPermission,
    resourceRef,
  });
  const disable = usePermission({
    permission: pypiDisablePermission,
    resourceRef,
  });
  const remove = usePermission({
    permission: pypiDeletePermission,
    resourceRef,
  });
  const restore = usePermission({
    permission: pypiRestorePermission,
    resourceRef,
  });
  const metadata = usePermission({
    permission: pypiMetadataPermission,
    resourceRef,
  });
  const admin = usePermission({ permission: pypiAdminPermission });
  const allowed = (answer: { loading: boolean; allowed: boolean }) =>
    !answer.loading && answer.allowed;
  const byName: Record<string, boolean> = {
    [pypiReadPermission.name]: allowed(read),
    [pypiPublishPermission.name]: allowed(publish),
    [pypiDisablePermission.name]: allowed(disable),
    [pypiDeletePermission.name]: allowed(remove),
    [pypiRestorePermission.name]: allowed(restore),
    [pypiMetadataPermission.name]: allowed(metadata),
    [pypiAdminPermission.name]: allowed(admin),
  };
  return {
    canPublish: allowed(publish),
    canDisable: allowed(disable),
    canDelete: allowed(remove),
    canRestore: allowed(restore),
    canEditMetadata: allowed(metadata),
    canPurge: allowed(admin),
    tokenScopes: scopesAllowedBy(name => byName[name] ?? false),
  };
}
