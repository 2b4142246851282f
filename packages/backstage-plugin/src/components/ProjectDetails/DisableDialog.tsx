import { REASON_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import { DialogContentText, TextField } from '@material-ui/core';
import { ConfirmDialog } from '../common/ConfirmDialog';

/** "Disable Artifact": asks for the reason (required) and disables the version on OK. */
export function DisableDialog(props: {
  open: boolean;
  label: string;
  onCancel(): void;
  onDisable(reason: string): Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    props.onCancel();
  };
  return (
    <ConfirmDialog
      open={props.open}
      title="Disable Artifact"
      confirmLabel="OK"
      confirmDisabled={!reason.trim()}
      onCancel={close}
      onConfirm={async () => {
        await props.onDisable(reason.trim());
        setReason('');
      }}
    >
      <DialogContentText>
        Disable {props.label}? Only this version is disabled: pip stops
        installing it and its files answer 403 with your reason. Other versions
        stay available, and you can enable it again.
      </DialogContentText>
      <TextField
        id="pypi-disable-reason"
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the dialog exists to ask for the reason; focus starts there
        autoFocus
        required
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        label="Reason for disabling"
        value={reason}
        onChange={event => setReason(event.target.value)}
        inputProps={{ maxLength: REASON_MAX_LENGTH }}
      />
    </ConfirmDialog>
  );
}
