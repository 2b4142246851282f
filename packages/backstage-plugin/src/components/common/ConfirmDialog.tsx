import { ReactNode, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  /** e.g. while a required reason is empty. */
  confirmDisabled?: boolean;
  /** Danger actions get a red button. */
  danger?: boolean;
  onCancel(): void;
  /** Runs the action; a rejection is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  children?: ReactNode;
}

/** A dialog that confirms one action, shows it running and shows why it failed. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setError(undefined);
    props.onCancel();
  };

  return (
    <Dialog
      open={props.open}
      onClose={busy ? undefined : cancel}
      fullWidth
      maxWidth="sm"
      aria-labelledby="pypi-confirm-title"
    >
      <DialogTitle id="pypi-confirm-title">{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {error && (
          <Alert severity="error" role="alert" style={{ marginTop: 16 }}>
            {error.message}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={cancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          disabled={busy || props.confirmDisabled}
          color={props.danger ? 'secondary' : 'primary'}
          variant="contained"
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
