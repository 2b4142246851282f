import { useState } from 'react';
import {
  Box,
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
import { BarChart } from './BarChart';

const PERIODS = [7, 30, 90];

/** Downloads per day of an artifact, or of the selected version only. */
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
  const scope = onlyVersion ? version : undefined;
  const downloads = useAsyncData(
    () => api.getDownloads(repository, name, { days, version: scope }),
    [api, repository, name, days, scope],
  );
  const total = downloads.value?.series.reduce(
    (sum, point) => sum + point.count,
    0,
  );

  return (
    <InfoCard
      title="Downloads over time"
      subheader={
        total === undefined
          ? undefined
          : `${formatCount(total)} in the last ${days} days${scope ? ` (version ${scope})` : ''}`
      }
      action={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {version && (
            <FormControlLabel
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
          <TextField
            select
            size="small"
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
        </Box>
      }
    >
      {downloads.error && (
        <LoadError
          error={downloads.error}
          title="Could not load the downloads"
          onRetry={downloads.retry}
        />
      )}
      {!downloads.error && !downloads.value && <Progress />}
      {downloads.value && (
        <BarChart
          series={downloads.value.series}
          label={`Downloads per day of ${name}`}
        />
      )}
    </InfoCard>
  );
}
