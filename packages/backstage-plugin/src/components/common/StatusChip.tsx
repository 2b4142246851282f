import { Chip } from '@material-ui/core';
import { VersionStatus } from '@wheelhouse/backstage-plugin-pypi-common';

const LABELS: Record<VersionStatus, string> = {
  active: 'Active',
  disabled: 'Disabled',
  deleted: 'In recycle bin',
};
const COLORS: Record<VersionStatus, 'primary' | 'secondary' | 'default'> = {
  active: 'primary',
  disabled: 'secondary',
  deleted: 'default',
};

/** A version's status: Active, Disabled, In recycle bin; plus Yanked (PEP 592). */
export function StatusChip({
  status,
  yanked,
}: {
  status: VersionStatus;
  yanked?: boolean;
}) {
  return (
    <>
      <Chip
        size="small"
        label={LABELS[status]}
        color={COLORS[status]}
        variant={status === 'active' ? 'outlined' : 'default'}
      />
      {yanked && <Chip size="small" label="Yanked" style={{ marginLeft: 4 }} />}
    </>
  );
}
