import { Box, Paper } from '@material-ui/core';
import { CopyTextButton } from '@backstage/core-components';

/**
 * A configuration file or command to copy, as plain monospace text, with its copy button beside it rather than on
 * top of it; `wrap` breaks long lines (narrow cards) at any point, as a terminal would.
 */
export function CommandBlock({
  text,
  label,
  wrap,
}: {
  text: string;
  label: string;
  wrap?: boolean;
}) {
  return (
    <Paper
      variant="outlined"
      style={{ display: 'flex', alignItems: 'flex-start', marginBottom: 16 }}
    >
      <Box
        component="pre"
        m={0}
        p={2}
        flex={1}
        minWidth={0}
        style={{
          overflowX: 'auto',
          fontSize: '0.85rem',
          ...(wrap ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } : {}),
        }}
        aria-label={label}
      >
        <code>{text.replace(/\n+$/, '')}</code>
      </Box>
      <Box flexShrink={0} p={0.5}>
        <CopyTextButton text={text} />
      </Box>
    </Paper>
  );
}
