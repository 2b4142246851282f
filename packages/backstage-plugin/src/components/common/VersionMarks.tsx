import { Chip } from '@material-ui/core';

/**
 * Marks beside a version wherever versions are listed: `latest` (what pip installs by default), `pre-release`
 * (a, b, rc and dev releases, which pip installs only when asked), `disabled`, `yanked`.
 */
export function VersionMarks(props: {
  latest?: boolean;
  prerelease?: boolean;
  disabled?: boolean;
  yanked?: boolean;
}) {
  const marks: [string, 'primary' | 'secondary' | 'default'][] = [];
  if (props.latest) marks.push(['latest', 'primary']);
  if (props.prerelease) marks.push(['pre-release', 'default']);
  if (props.disabled) marks.push(['disabled', 'secondary']);
  if (props.yanked) marks.push(['yanked', 'default']);
  return (
    <>
      {marks.map(([label, color]) => (
        <Chip
          key={label}
          size="small"
          variant="outlined"
          color={color}
          label={label}
          style={{ marginLeft: 4, height: 20 }}
        />
      ))}
    </>
  );
}

/** The marks of a version as words, for native options and accessible names: `1.0 (latest)`. */
export function versionMarksText(props: {
  latest?: boolean;
  prerelease?: boolean;
  disabled?: boolean;
  yanked?: boolean;
}): string {
  const words = [
    props.latest && 'latest',
    props.prerelease && 'pre-release',
    props.disabled && 'disabled',
    props.yanked && 'yanked',
  ].filter(Boolean);
  return words.length ? ` (${words.join(', ')})` : '';
}
