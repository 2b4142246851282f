import { TOKEN_NAME_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import {
  CreatedToken,
  PypiScope,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useSubmission } from '../../hooks/useSubmission';
import { CommandBlock } from './CommandBlock';

const EXPIRY_DAYS = [30, 90, 365];

/** What a token of each scope is for, in the words of the pip and twine user. */
const SCOPE_LABELS: Record<PypiScope, string> = {
  read: 'Pull (pip install)',
  publish: 'Push and pull (twine upload)',
  manage:
    'Manage and pull (disable, delete, restore, metadata and tags, e.g. for action-manage)',
  admin: 'Admin (everything, also purging and everyone’s tokens)',
};

/** Creates a personal registry token for this repository and shows its secret, once. */
export function CreateTokenDialog(props: {
  open: boolean;
  repository: string;
  /** The scopes the user may give a token (usePypiPermissions' tokenScopes). */
  scopes: PypiScope[];
  pypirc?: string;
  onClose(): void;
}) {
  const api = useApi(pypiApiRef);
  const [name, setName] = useState(
    `${props.repository}-${new Date().toISOString().slice(0, 10)}`,
  );
  // Push and pull by default, as the User Guide's twine set-up needs; else the most the user may have.
  const [scope, setScope] = useState<PypiScope>(
    props.scopes.includes('publish')
      ? 'publish'
      : (props.scopes[props.scopes.length - 1] ?? 'read'),
  );
  const [expiresInDays, setExpiresInDays] = useState(90);
  const { busy, error, run, clearError } = useSubmission();
  const [created, setCreated] = useState<CreatedToken>();

  const create = () =>
    run(async () =>
      setCreated(
        await api.createPersonalToken({
          name: name.trim(),
          scopes: [scope],
          repositories: [props.repository],
          expiresInDays,
        }),
      ),
    );
  const close = () => {
    setCreated(undefined);
    clearError();
    props.onClose();
  };

  return (
    <Dialog
      open={props.open}
      onClose={busy ? undefined : close}
      fullWidth
      maxWidth="md"
      aria-labelledby="pypi-token-title"
    >
      <DialogTitle id="pypi-token-title">Create a personal token</DialogTitle>
      <DialogContent>
        {created ? (
          <>
            <Alert severity="success" style={{ marginBottom: 16 }}>
              Token {created.name} was created. Copy it now: it is shown only
              this once.
            </Alert>
            <CommandBlock label="Personal token" text={created.token} />
            {props.pypirc && (
              <>
                <DialogContentText>
                  Your ~/.pypirc with this token:
                </DialogContentText>
                <CommandBlock
                  label="~/.pypirc with the token"
                  text={props.pypirc.replace('<your API token>', created.token)}
                />
              </>
            )}
          </>
        ) : (
          <>
            <DialogContentText>
              twine and pip use a registry token as the password. It is valid
              for repository {props.repository} only and can do no more than you
              can.
            </DialogContentText>
            <TextField
              fullWidth
              variant="outlined"
              id="pypi-token-name"
              label="Token name"
              value={name}
              onChange={event => setName(event.target.value)}
              inputProps={{ maxLength: TOKEN_NAME_MAX_LENGTH }}
              style={{ marginBottom: 16 }}
            />
            <RadioGroup
              value={scope}
              onChange={event => setScope(event.target.value as PypiScope)}
              aria-label="Token scope"
            >
              {props.scopes.map(option => (
                <FormControlLabel
                  key={option}
                  value={option}
                  control={<Radio />}
                  label={SCOPE_LABELS[option]}
                />
              ))}
            </RadioGroup>
            <TextField
              id="pypi-token-expiry"
              select
              label="Expires after"
              variant="outlined"
              size="small"
              value={expiresInDays}
              onChange={event => setExpiresInDays(Number(event.target.value))}
              SelectProps={{ native: true }}
              style={{ marginTop: 16 }}
            >
              {EXPIRY_DAYS.map(days => (
                <option key={days} value={days}>
                  {days} days
                </option>
              ))}
            </TextField>
            {error && (
              <Alert severity="error" role="alert" style={{ marginTop: 16 }}>
                {error}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        {created ? (
          <Button onClick={close} color="primary" variant="contained">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button
              onClick={create}
              color="primary"
              variant="contained"
              disabled={busy || !name.trim() || !props.scopes.includes(scope)}
            >
              Create token
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
