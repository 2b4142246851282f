import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircleOutline';
import DeleteIcon from '@material-ui/icons/DeleteOutline';
import { useApi } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { VersionDetails } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef, VersionRef } from '../../api';
import { PypiPermissions } from '../../hooks/usePypiPermissions';
import { TOAST_MS } from '../common/toast';
import { DeleteDialog } from './DeleteDialog';
import { DisableDialog } from './DisableDialog';

/** Disable Artifact / Enable Artifact and Delete This Version, for the selected version, as far as allowed. */
export function VersionActions(props: {
  versionRef: VersionRef;
  details: VersionDetails;
  permissions: PypiPermissions;
  onChanged(): void;
  onDeleted(version: string): void;
}) {
  const api = useApi(pypiApiRef);
  const toastApi = useApi(toastApiRef);
  const [dialog, setDialog] = useState<'disable' | 'delete'>();
  const [enabling, setEnabling] = useState(false);
  const { details, versionRef, permissions } = props;
  const label = `${details.project.displayName} ${details.version}`;

  const enable = async () => {
    setEnabling(true);
    try {
      await api.enableVersion(versionRef);
      toastApi.post({
        title: `${label} is enabled again`,
        status: 'success',
        timeout: TOAST_MS,
      });
      props.onChanged();
    } catch (error) {
      toastApi.post({
        // The legacy app's toast shows the title only.
        title: `Could not enable ${label}: ${(error as Error).message}`,
        status: 'danger',
      });
    } finally {
      setEnabling(false);
    }
  };

  return (
    <Box display="flex" style={{ gap: 8 }}>
      {permissions.canDisable && details.status === 'disabled' && (
        <Button
          variant="outlined"
          color="primary"
          startIcon={<CheckCircleIcon />}
          onClick={enable}
          disabled={enabling}
        >
          Enable Artifact
        </Button>
      )}
      {permissions.canDisable && details.status === 'active' && (
        <Button
          variant="outlined"
          startIcon={<BlockIcon />}
          onClick={() => setDialog('disable')}
        >
          Disable Artifact
        </Button>
      )}
      {permissions.canDelete && (
        <Button
          variant="outlined"
          color="secondary"
          startIcon={<DeleteIcon />}
          onClick={() => setDialog('delete')}
        >
          Delete This Version
        </Button>
      )}
      <DisableDialog
        open={dialog === 'disable'}
        label={label}
        onCancel={() => setDialog(undefined)}
        onDisable={async reason => {
          await api.disableVersion(versionRef, reason);
          setDialog(undefined);
          toastApi.post({
            title: `${label} is disabled`,
            status: 'success',
            timeout: TOAST_MS,
          });
          props.onChanged();
        }}
      />
      <DeleteDialog
        open={dialog === 'delete'}
        label={label}
        onCancel={() => setDialog(undefined)}
        onDelete={async reason => {
          await api.deleteVersion(versionRef, reason);
          setDialog(undefined);
          toastApi.post({
            title: `${label} was moved to the recycle bin`,
            status: 'success',
            timeout: TOAST_MS,
          });
          props.onDeleted(details.version);
        }}
      />
    </Box>
  );
}
