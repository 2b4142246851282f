import { Alert, AlertTitle } from '@material-ui/lab';
import { StateChange } from '@wheelhouse/backstage-plugin-pypi-common';
import { formatActor, formatTime } from '../format';

/** Why a version is disabled, by whom and since when. The reason is text, never markup. */
export function DisabledNotice({
  disabled,
  version,
}: {
  disabled: StateChange;
  version: string;
}) {
  return (
    <Alert severity="warning" data-testid="disabled-notice">
      <AlertTitle>Version {version} is disabled</AlertTitle>
      <div>
        Reason:{' '}
        <strong data-testid="disabled-reason">{disabled.reason || '–'}</strong>
      </div>
      <div>
        Disabled by {formatActor(disabled.by)} on {formatTime(disabled.at)}. pip
        no longer installs it and its files answer 403; other versions stay
        available.
      </div>
    </Alert>
  );
}
