import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useApi } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { PYPI_OPERATIONS } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useSubmission } from '../../hooks/useSubmission';
import { TOAST_MS } from '../common/toast';

const permission = PYPI_OPERATIONS['cache.purge'].permission;

/** "Purge cache" of an artifact a proxy stored from its upstream, for users the operation's permission allows. */
export function PurgeCacheAction(props: {
  repository: string;
  name: string;
  label: string;
  onPurged(): void;
}) {
  const { repository, name, label } = props;
  const api = useApi(pypiApiRef);
  const toastApi = useApi(toastApiRef);
  // A resource permission (the operations table says which): decided per repository.
  const allowed = usePermission({ permission, resourceRef: repository });
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useSubmission();
  if (allowed.loading || !allowed.allowed) return null;

  const close = () => {
    clearError();
    setOpen(false);
  };
  const purge = async () => {
    const done = await run(async () => {
      const result = await api.purgeCache(repository, name);
      toastApi.post({
        title: `The cache of ${label} was purged (${result.versions} ${result.versions === 1 ? 'version' : 'versions'}); it is fetched from the upstream again on the next request`,
        status: 'success',
        timeout: TOAST_MS,
      });
    });
    if (!done) return;
    setOpen(false);
    props.onPurged();
  };

  return (
    <>
      <Button
        variant="outlined"
        startIcon={<RefreshIcon />}
        onClick={() => setOpen(true)}
      >
        Purge cache
      </Button>
      <Dialog
        open={open}
        onClose={busy ? undefined : close}
        fullWidth
        maxWidth="sm"
        aria-labelledby="pypi-purge-cache-title"
      >
        <DialogTitle id="pypi-purge-cache-title">Purge cache</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Remove the stored upstream page and files of {label}? They are
            fetched from the upstream again on the next request. Disabled
            versions stay, and keep blocking their release.
          </DialogContentText>
          {error && (
            <Typography color="error" role="alert">
              {error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button
            onClick={purge}
            disabled={busy}
            color="secondary"
            variant="contained"
          >
            Purge
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
