import { TextField } from '@material-ui/core';
import { VersionSummary } from '@wheelhouse/backstage-plugin-pypi-common';

/** Picks the version the page shows; the newest comes first and is marked latest. */
export function VersionSwitcher(props: {
  versions: VersionSummary[];
  value: string;
  onChange(version: string): void;
}) {
  return (
    <TextField
      id="pypi-version"
      select
      label="Version"
      variant="outlined"
      size="small"
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      style={{ minWidth: 220 }}
    >
      {props.versions.map((version, index) => (
        <option key={version.canonical} value={version.version}>
          {version.version}
          {index === 0 ? ' (latest)' : ''}
          {version.status === 'disabled' ? ' – disabled' : ''}
        </option>
      ))}
    </TextField>
  );
}
