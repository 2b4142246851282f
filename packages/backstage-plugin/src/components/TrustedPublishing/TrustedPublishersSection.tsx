import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  NewTrustedPublisher,
  PYPI_OPERATIONS,
  TrustedPublisher,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { useSubmission } from '../../hooks/useSubmission';
import { LoadError } from '../common/LoadError';

const FIELDS: [keyof NewTrustedPublisher, string, string][] = [
  ['repositoryOwner', 'GitHub owner', 'user or organisation, e.g. acme'],
  [
    'repositoryOwnerId',
    'Owner id',
    'numeric: "id" of https://api.github.com/users/OWNER',
  ],
  ['repositoryName', 'GitHub repository', 'name without the owner'],
  ['workflow', 'Workflow file', 'under .github/workflows, e.g. release.yml'],
  ['environment', 'Environment (optional)', 'e.g. pypi'],
  ['refPattern', 'Ref pattern (optional)', 'e.g. refs/tags/v*'],
];

/**
 * Trusted publishers of a repository, or of one project: which GitHub workflows may publish without a stored
 * secret. Adding and removing hands out publishing rights, so it needs the pypi.admin permission.
 */
export function TrustedPublishersSection({
  repository,
  project,
}: {
  repository: string;
  project?: string;
}) {
  const api = useApi(pypiApiRef);
  const alertApi = useApi(alertApiRef);
  const admin = usePermission({
    permission: PYPI_OPERATIONS['publisher.manage'].permission,
  });
  const canManage = !admin.loading && admin.allowed;
  const publishers = useAsyncData(
    () => api.listTrustedPublishers(repository, project),
    [api, repository, project],
  );
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState<Record<string, string>>({});
  const submission = useSubmission();

  const add = async () => {
    const entries = Object.entries(form).filter(([, v]) => v.trim());
    const added = await submission.run(async () => {
      const created = await api.addTrustedPublisher(repository, {
        ...(Object.fromEntries(entries) as unknown as NewTrustedPublisher),
        project: project ?? form.project ?? '',
      });
      alertApi.post({
        message: `Trusted publisher ${created.githubRepository} ${created.workflow} added for ${created.project}`,
        severity: 'success',
      });
    });
    if (!added) return;
    setAdding(false);
    setForm({});
    publishers.retry();
  };
  const remove = async (publisher: TrustedPublisher) => {
    try {
      await api.removeTrustedPublisher(repository, publisher.id);
      alertApi.post({
        message: `Trusted publisher ${publisher.githubRepository} ${publisher.workflow} removed`,
        severity: 'success',
      });
      publishers.retry();
    } catch (caught) {
      alertApi.post({ message: (caught as Error).message, severity: 'error' });
    }
  };

  const items = publishers.value ?? [];
  return (
    <Box mt={3} data-testid="trusted-publishers">
      <Typography variant="h6" gutterBottom>
        Trusted publishers
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        GitHub Actions workflows that may publish
        {project ? ` ${project}` : ' to this repository'} with no stored secret
        (the job needs <code>permissions: id-token: write</code>).
      </Typography>
      {publishers.error && (
        <LoadError
          title="Trusted publishers could not be loaded"
          error={publishers.error}
          onRetry={publishers.retry}
        />
      )}
      {!publishers.loading && !items.length && !publishers.error && (
        <Typography variant="body2">No trusted publishers.</Typography>
      )}
      {items.length > 0 && (
        <Table size="small" aria-label="Trusted publishers">
          <TableHead>
            <TableRow>
              {!project && <TableCell>Project</TableCell>}
              <TableCell>GitHub repository</TableCell>
              <TableCell>Workflow</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Ref pattern</TableCell>
              <TableCell>State</TableCell>
              {canManage && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(publisher => (
              <TableRow key={publisher.id}>
                {!project && <TableCell>{publisher.project}</TableCell>}
                <TableCell>
                  {publisher.githubRepository} (owner id{' '}
                  {publisher.repositoryOwnerId})
                </TableCell>
                <TableCell>{publisher.workflow}</TableCell>
                <TableCell>{publisher.environment ?? 'any'}</TableCell>
                <TableCell>{publisher.refPattern ?? 'any'}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={publisher.pending ? 'pending' : 'active'}
                  />{' '}
                  {publisher.source === 'config' && (
                    <Chip size="small" label="configuration" />
                  )}
                </TableCell>
                {canManage && (
                  <TableCell>
                    {publisher.source === 'api' && (
                      <Button size="small" onClick={() => remove(publisher)}>
                        Remove
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && (
        <Box mt={1}>
          <Button variant="outlined" onClick={() => setAdding(true)}>
            Add trusted publisher
          </Button>
        </Box>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)}>
        <DialogTitle>Add a trusted publisher</DialogTitle>
        <DialogContent>
          {!project && (
            <TextField
              id="trusted-publisher-project"
              fullWidth
              margin="dense"
              label="Project"
              value={form.project ?? ''}
              onChange={event =>
                setForm({ ...form, project: event.target.value })
              }
            />
          )}
          {FIELDS.map(([key, label, help]) => (
            <TextField
              key={key}
              id={`trusted-publisher-${key}`}
              fullWidth
              margin="dense"
              label={label}
              helperText={help}
              value={form[key] ?? ''}
              onChange={event =>
                setForm({ ...form, [key]: event.target.value })
              }
            />
          ))}
          {submission.error && (
            <Typography color="error" role="alert">
              {submission.error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAdding(false)}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={add}
            disabled={submission.busy}
          >
            Add
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
