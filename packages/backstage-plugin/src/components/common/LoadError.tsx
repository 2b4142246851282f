import { Box, Button } from '@material-ui/core';
import { ErrorPanel } from '@backstage/core-components';

/**
 * An error state that says why at once (ErrorPanel otherwise folds the message away), with a way to try again
 * outside the folded details.
 */
export function LoadError({
  error,
  title,
  onRetry,
}: {
  error: Error;
  title: string;
  onRetry?: () => void;
}) {
  return (
    <Box>
      <ErrorPanel error={error} title={`${title}: ${error.message}`} />
      {onRetry && (
        <Box mt={1}>
          <Button variant="outlined" onClick={onRetry}>
            Try again
          </Button>
        </Box>
      )}
    </Box>
  );
}
