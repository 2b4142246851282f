import { Alert, AlertTitle } from '@material-ui/lab';
import { StateChange } from '@wheelhouse/backstage-plugin-pypi-common';
import { ActorLink } from '../common/ActorLink';
import { formatTime } from '../format';

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
        Disabled by <ActorLink actor={disabled.by} /> on{' '}
        {formatTime(disabled.at)}. pip passes over it (the index lists it as
        yanked with this reason, unless the repository hides disabled versions)
        and its files answer 403; other versions stay available.
      </div>
    </Alert>
  );
}
