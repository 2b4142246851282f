import { usePermission } from '@backstage/plugin-permission-react';
import {
  pypiAdminPermission,
  pypiDeletePermission,
  pypiDisablePermission,
  pypiMetadataPermission,
  pypiPublishPermission,
  pypiRestorePermission,
} from '../permissions';

/** What the signed-in user may do; false while the answer is loading, so actions appear only once allowed. */
export interface PypiPermissions {
  canPublish: boolean;
  canDisable: boolean;
  canDelete: boolean;
  canRestore: boolean;
  canEditMetadata: boolean;
  canPurge: boolean;
}

export function usePypiPermissions(): PypiPermissions {
  const publish = usePermission({ permission: pypiPublishPermission });
  const disable = usePermission({ permission: pypiDisablePermission });
  const remove = usePermission({ permission: pypiDeletePermission });
  const restore = usePermission({ permission: pypiRestorePermission });
  const metadata = usePermission({ permission: pypiMetadataPermission });
  const admin = usePermission({ permission: pypiAdminPermission });
  return {
    canPublish: !publish.loading && publish.allowed,
    canDisable: !disable.loading && disable.allowed,
    canDelete: !remove.loading && remove.allowed,
    canRestore: !restore.loading && restore.allowed,
    canEditMetadata: !metadata.loading && metadata.allowed,
    canPurge: !admin.loading && admin.allowed,
  };
}
