import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ProxyCache } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { InfoTable } from '../common/InfoTable';
import { LoadError } from '../common/LoadError';
import { formatBytes, formatCount } from '../format';

function rows(cache: ProxyCache): [string, string][] {
  const { counters } = cache;
  return [
    ['Upstream', cache.upstream ?? '–'],
    ['Cached artifacts', formatCount(cache.projects)],
    ['Stored files', formatCount(cache.files)],
    ['Storage size', formatBytes(cache.bytes)],
    [
      'Project pages',
      `${formatCount(counters.pageHits)} hits, ${formatCount(counters.pageFetches)} fetches, ${formatCount(counters.pageRevalidations)} revalidations, ${formatCount(counters.staleServed)} served stale`,
    ],
    [
      'Files',
      `${formatCount(counters.fileHits)} hits, ${formatCount(counters.fileFetches)} fetches, ${formatCount(counters.hashMismatches)} refused for a hash mismatch`,
    ],
  ];
}

/** A proxy repository's cache: what it stored from its upstream, and how often pages and files came from it. */
export function UpstreamCachePanel({ repository }: { repository: string }) {
  const api = useApi(pypiApiRef);
  const cache = useAsyncData(() => api.getCache(repository), [api, repository]);

  let content;
  if (cache.error)
    content = (
      <LoadError
        error={cache.error}
        title="Could not load the upstream cache"
        onRetry={cache.retry}
      />
    );
  else if (!cache.value) content = <Progress />;
  else content = <InfoTable label="Upstream cache" rows={rows(cache.value)} />;
  return (
    <InfoCard
      title="Upstream cache"
      // The counters live in each replica's memory: another replica counts its own.
      subheader="Hits and fetches as counted by the replica that answered, since it started."
      noPadding
    >
      {content}
    </InfoCard>
  );
}
