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
import { CreatedToken } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { CommandBlock } from './CommandBlock';

const EXPIRY_DAYS = [30, 90, 365];

/** Creates a personal registry token for this repository and shows its secret, once. */
export function CreateTokenDialog(props: {
  open: boolean;
  repository: string;
  canPublish: boolean;
  pypirc?: string;
  onClose(): void;
}) {
  const api = useApi(pypiApiRef);
  const [name, setName] = useState(
    `${props.repository}-${new Date().toISOString().slice(0, 10)}`,
  );
  const [scope, setScope] = useState<'read' | 'publish'>(
    props.canPublish ? 'publish' : 'read',
  );
  const [expiresInDays, setExpiresInDays] = useState(90);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<CreatedToken>();

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(
        await api.createPersonalToken({
          name: name.trim(),
          scopes: [scope],
          repositories: [props.repository],
          expiresInDays,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setCreated(undefined);
    setError(undefined);
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
              row
              value={scope}
              onChange={event =>
                setScope(event.target.value as 'read' | 'publish')
              }
              aria-label="Token scope"
            >
              <FormControlLabel
                value="read"
                control={<Radio />}
                label="Pull (pip install)"
              />
              <FormControlLabel
                value="publish"
                control={<Radio />}
                label="Push and pull (twine upload)"
                disabled={!props.canPublish}
              />
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
              disabled={busy || !name.trim()}
            >
              Create token
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
