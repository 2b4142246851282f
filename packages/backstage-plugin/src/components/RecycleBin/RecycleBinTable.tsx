import { useState } from 'react';
import {
  Box,
  Button,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { RecycleBinEntry } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { usePypiPermissions } from '../../hooks/usePypiPermissions';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { LoadError } from '../common/LoadError';
import { ActorLink } from '../common/ActorLink';
import { TOAST_MS } from '../common/toast';
import { formatBytes, formatTime } from '../format';

function daysLeft(entry: RecycleBinEntry): string {
  if (entry.daysLeft === null) return 'Kept until purged';
  if (entry.daysLeft === 0) return 'Purged soon';
  return `${entry.daysLeft} day${entry.daysLeft === 1 ? '' : 's'}`;
}

/** The recycle bin: deleted versions, who deleted them and when, days before the purge; Restore and Purge. */
export function RecycleBinTable({ repository }: { repository: string }) {
  const api = useApi(pypiApiRef);
  const toastApi = useApi(toastApiRef);
  const { canRestore, canPurge } = usePypiPermissions(repository);
  const bin = useAsyncData(
    () => api.getRecycleBin(repository),
    [api, repository],
  );
  const [busy, setBusy] = useState<string>();
  const [purging, setPurging] = useState<RecycleBinEntry>();

  const restore = async (entry: RecycleBinEntry) => {
    setBusy(entry.project + entry.canonical);
    try {
      await api.restoreVersion({
        repository,
        name: entry.project,
        version: entry.version,
      });
      toastApi.post({
        title: `${entry.displayName} ${entry.version} was restored`,
        status: 'success',
        timeout: TOAST_MS,
      });
      bin.retry();
    } catch (error) {
      toastApi.post({
        // The legacy app's toast shows the title only.
        title: `Could not restore ${entry.displayName} ${entry.version}: ${(error as Error).message}`,
        status: 'danger',
      });
    } finally {
      setBusy(undefined);
    }
  };

  if (bin.error)
    return (
      <LoadError
        error={bin.error}
        title="Could not load the recycle bin"
        onRetry={bin.retry}
      />
    );
  if (!bin.value) return <Progress />;
  const { items, retentionDays } = bin.value;
  const retention =
    retentionDays === null
      ? 'Deleted versions stay here until someone purges them.'
      : `Deleted versions stay here for ${retentionDays} day${retentionDays === 1 ? '' : 's'}, then they are purged for good.`;

  return (
    <Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        {retention} Restoring a version makes it installable again, as it was.
      </Typography>
      {!items.length ? (
        <EmptyState
          missing="data"
          title="The recycle bin is empty"
          description="Versions deleted with “Delete This Version” appear here."
        />
      ) : (
        <TableContainer component={Paper}>
          <Table size="small" aria-label="Recycle bin">
            <TableHead>
              <TableRow style={{ whiteSpace: 'nowrap' }}>
                <TableCell>Artifact</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Deleted by</TableCell>
                <TableCell>Deleted at</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell align="right">Size</TableCell>
                <TableCell>Days left</TableCell>
                {(canRestore || canPurge) && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(entry => (
                <TableRow
                  key={`${entry.project}/${entry.canonical}`}
                  data-testid={`bin-${entry.project}-${entry.version}`}
                >
                  <TableCell>{entry.displayName}</TableCell>
                  <TableCell>{entry.version}</TableCell>
                  <TableCell>
                    <ActorLink actor={entry.deletedBy} />
                  </TableCell>
                  <TableCell>{formatTime(entry.deletedAt)}</TableCell>
                  <TableCell style={{ wordBreak: 'break-word' }}>
                    {entry.reason || '–'}
                  </TableCell>
                  <TableCell align="right">
                    {formatBytes(entry.size)} ({entry.fileCount} file
                    {entry.fileCount === 1 ? '' : 's'})
                  </TableCell>
                  <TableCell>{daysLeft(entry)}</TableCell>
                  {(canRestore || canPurge) && (
                    <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                      {canRestore && (
                        <Button
                          size="small"
                          color="primary"
                          onClick={() => restore(entry)}
                          disabled={Boolean(busy)}
                        >
                          Restore
                        </Button>
                      )}
                      {canPurge && (
                        <Button
                          size="small"
                          color="secondary"
                          onClick={() => setPurging(entry)}
                          disabled={Boolean(busy)}
                        >
                          Purge
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <ConfirmDialog
        open={Boolean(purging)}
        title="Purge for good"
        confirmLabel="Purge"
        danger
        onCancel={() => setPurging(undefined)}
        onConfirm={async () => {
          const entry = purging!;
          await api.purgeVersion({
            repository,
            name: entry.project,
            version: entry.version,
          });
          setPurging(undefined);
          toastApi.post({
            title: `${entry.displayName} ${entry.version} was purged`,
            status: 'success',
            timeout: TOAST_MS,
          });
          bin.retry();
        }}
      >
        <Typography>
          Purge {purging?.displayName} {purging?.version}? Its files are removed
          and it cannot be restored.
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
