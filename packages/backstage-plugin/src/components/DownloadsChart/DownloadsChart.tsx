import { useState } from 'react';
import {
  Box,
  Button,
  FormControlLabel,
  Switch,
  TextField,
  Typography,
} from '@material-ui/core';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { LoadError } from '../common/LoadError';
import { formatCount } from '../format';
import { DownloadsBarChart } from './DownloadsBarChart';
import { DownloadsTable } from './DownloadsTable';

const PERIODS = [7, 30, 90];

/** Downloads per day of an artifact, or of the selected version only, as a chart and, on request, a table. */
export function DownloadsChart({
  repository,
  name,
  version,
}: {
  repository: string;
  name: string;
  version?: string;
}) {
  const api = useApi(pypiApiRef);
  const [days, setDays] = useState(30);
  const [onlyVersion, setOnlyVersion] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const scope = onlyVersion ? version : undefined;
  const downloads = useAsyncData(
    () => api.getDownloads(repository, name, { days, version: scope }),
    [api, repository, name, days, scope],
  );
  const total = downloads.value?.series.reduce(
    (sum, point) => sum + point.count,
    0,
  );
  const what = `Downloads per day of ${name}${scope ? ` ${scope}` : ''}`;

  return (
    <InfoCard
      title="Downloads over time"
      subheader={
        total === undefined
          ? undefined
          : `${formatCount(total)} in the last ${days} days${scope ? ` (version ${scope})` : ''}`
      }
    >
      {/* The controls sit in the card, not in its header, where they crowded the title on narrow screens. */}
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        mb={1}
        style={{ gap: 8 }}
      >
        <TextField
          select
          size="small"
          variant="outlined"
          value={days}
          onChange={event => setDays(Number(event.target.value))}
          SelectProps={{ native: true }}
          inputProps={{ 'aria-label': 'Period' }}
        >
          {PERIODS.map(period => (
            <option key={period} value={period}>
              {period} days
            </option>
          ))}
        </TextField>
        {version && (
          <FormControlLabel
            style={{ marginRight: 0 }}
            control={
              <Switch
                size="small"
                checked={onlyVersion}
                onChange={event => setOnlyVersion(event.target.checked)}
              />
            }
            label={
              <Typography variant="body2">Version {version} only</Typography>
            }
          />
        )}
        <Box flexGrow={1} />
        <Button
          size="small"
          variant="outlined"
          aria-expanded={showTable}
          aria-controls="pypi-downloads-table"
          onClick={() => setShowTable(shown => !shown)}
        >
          {showTable ? 'Hide table' : 'Show as table'}
        </Button>
      </Box>
      {downloads.error && (
        <LoadError
          error={downloads.error}
          title="Could not load the downloads"
          onRetry={downloads.retry}
        />
      )}
      {!downloads.error && !downloads.value && <Progress />}
      {downloads.value && (
        <>
          <DownloadsBarChart series={downloads.value.series} label={what} />
          {showTable && (
            <div id="pypi-downloads-table">
              <DownloadsTable series={downloads.value.series} label={what} />
            </div>
          )}
        </>
      )}
    </InfoCard>
  );
}
