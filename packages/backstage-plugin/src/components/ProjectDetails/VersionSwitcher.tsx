import { Box, CircularProgress, MenuItem, TextField } from '@material-ui/core';
import { VersionSummary } from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionMarks, versionMarksText } from '../common/VersionMarks';

/**
 * Picks the version the page shows, newest first, each with its marks (latest, pre-release, disabled, yanked). The
 * select shows the choice at once, with a spinner until that version has loaded. A menu rather than a native select:
 * arrows move through the open menu and Enter commits, where a closed native select would load a version per key.
 */
export function VersionSwitcher(props: {
  versions: VersionSummary[];
  /** The chosen version (which may still be loading). */
  value: string;
  latest?: string;
  loading?: boolean;
  onChange(version: string): void;
}) {
  const marks = (version: VersionSummary) => ({
    latest: version.version === props.latest,
    prerelease: version.prerelease,
    disabled: version.status === 'disabled',
    yanked: version.yanked,
  });
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <TextField
        id="pypi-version"
        select
        label="Version"
        variant="outlined"
        size="small"
        value={props.value}
        onChange={event => props.onChange(String(event.target.value))}
        SelectProps={{
          renderValue: value => String(value),
          MenuProps: { style: { maxHeight: 480 } },
          SelectDisplayProps: {
            'aria-busy': props.loading ? 'true' : 'false',
          } as object,
        }}
        style={{ minWidth: 160 }}
      >
        {props.versions.map(version => (
          <MenuItem
            key={version.canonical}
            value={version.version}
            aria-label={`${version.version}${versionMarksText(marks(version))}`}
          >
            {version.version}
            <VersionMarks {...marks(version)} />
          </MenuItem>
        ))}
      </TextField>
      {props.loading && (
        <CircularProgress size={20} aria-label={`Loading ${props.value}`} />
      )}
    </Box>
  );
}
