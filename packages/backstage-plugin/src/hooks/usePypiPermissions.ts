import { usePermission } from '@backstage/plugin-permission-react';
import {
  pypiAdminPermission,
  pypiDeletePermission,
  pypiDisablePermission,
  pypiMetadataPermission,
  pypiPublishPermission,
  pypiRestorePermission,
} from '@wheelhouse/backstage-plugin-pypi-common';

/** What the signed-in user may do; false while the answer is loading, so actions appear only once allowed. */
export interface PypiPermissions {
  canPublish: boolean;
  canDisable: boolean;
  canDelete: boolean;
  canRestore: boolean;
  canEditMetadata: boolean;
  canPurge: boolean;
}

/** The user's permissions in one repository (the backend decides; the portal only hides what would be refused). */
export function usePypiPermissions(repository: string): PypiPermissions {
  const resourceRef = repository;
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
  return {
    canPublish: allowed(publish),
    canDisable: allowed(disable),
    canDelete: allowed(remove),
    canRestore: allowed(restore),
    canEditMetadata: allowed(metadata),
    canPurge: allowed(admin),
  };
}
