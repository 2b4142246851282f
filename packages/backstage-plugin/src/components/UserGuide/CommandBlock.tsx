import { Box, Paper } from '@material-ui/core';
import { CopyTextButton } from '@backstage/core-components';

/** A configuration file or command to copy, as plain monospace text; `wrap` breaks long lines (narrow cards). */
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
      style={{ position: 'relative', marginBottom: 16 }}
    >
      <Box
        component="pre"
        m={0}
        p={2}
        pr={7}
        style={{
          overflowX: 'auto',
          fontSize: '0.85rem',
          ...(wrap ? { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } : {}),
        }}
        aria-label={label}
      >
        <code>{text.replace(/\n+$/, '')}</code>
      </Box>
      <Box position="absolute" top={4} right={4}>
        <CopyTextButton text={text} />
      </Box>
    </Paper>
  );
}
