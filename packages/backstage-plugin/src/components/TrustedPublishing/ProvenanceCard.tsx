import { Box, Chip, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  FileProvenance,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef, VersionRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { InfoTable } from '../common/InfoTable';
import { LoadError } from '../common/LoadError';
import { formatTime } from '../format';

/** Only web links are made clickable, whatever a claim held. */
function WebLink({ href, children }: { href?: string; children: string }) {
  if (!href || !/^https?:\/\//i.test(href)) return <>{children}</>;
  return (
    <Link to={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Link>
  );
}

const workflowPath = (p: FileProvenance) =>
  p.jobWorkflowRef.split('@')[0].split('/').slice(2).join('/');

/**
 * Where the selected version came from. Files uploaded with a trusted-publishing token carry the claims the
 * registry verified (repository, workflow, commit, run); `github.*` custom metadata are labels the publishing
 * workflow set, which any manage token can change, and are shown as unverified.
 */
export function ProvenanceCard({
  versionRef,
  details,
}: {
  versionRef: VersionRef;
  details: VersionDetails;
}) {
  const api = useApi(pypiApiRef);
  const provenance = useAsyncData(
    () => api.getProvenance({ ...versionRef, version: details.version }),
    [api, versionRef.repository, versionRef.name, details.version],
  );
  const labels = details.customMetadata.filter(entry =>
    entry.key.startsWith('github.'),
  );
  const files = provenance.value?.files ?? [];
  const verified = files.filter(file => file.provenance);
  const first = verified[0]?.provenance;

  return (
    <Box mt={3} data-testid="provenance">
      <Typography variant="h6" gutterBottom>
        Provenance
      </Typography>
      {provenance.error && (
        <LoadError
          title="Provenance could not be loaded"
          error={provenance.error}
          onRetry={provenance.retry}
        />
      )}
      {!provenance.loading && !provenance.error && !first && (
        <Typography variant="body2" color="textSecondary">
          No verified provenance: this version was not uploaded by trusted
          publishing.
        </Typography>
      )}
      {first && (
        <>
          <Typography variant="body1" component="div" gutterBottom>
            Published by GitHub Actions —{' '}
            <WebLink href={first.links.repository}>{first.repository}</WebLink>,
            workflow{' '}
            <WebLink href={first.links.workflow}>{workflowPath(first)}</WebLink>
            , commit{' '}
            <WebLink href={first.links.commit}>
              {first.sha.slice(0, 12)}
            </WebLink>
            , run{' '}
            <WebLink href={first.links.run}>
              {`${first.runId ?? '?'}${first.runAttempt && first.runAttempt !== '1' ? ` (attempt ${first.runAttempt})` : ''}`}
            </WebLink>{' '}
            <Chip size="small" color="primary" label="verified" />
          </Typography>
          {verified.length < files.length && (
            <Typography variant="body2" color="error">
              {files.length - verified.length} of {files.length} files were not
              uploaded by trusted publishing:{' '}
              {files
                .filter(file => !file.provenance)
                .map(file => file.filename)
                .join(', ')}
            </Typography>
          )}
          <InfoTable
            label="Verified provenance"
            rows={[
              ['Repository', first.repository],
              ['Workflow', first.jobWorkflowRef],
              ['Commit', first.sha],
              ['Ref', first.ref || '–'],
              ['Event', first.eventName || '–'],
              ['Environment', first.environment || '–'],
              [
                'Run',
                `${first.runId ?? '–'}${first.runAttempt ? `, attempt ${first.runAttempt}` : ''}`,
              ],
              ['Runner', first.runnerEnvironment || '–'],
              ['Issuer', first.issuer],
              ['Verified', formatTime(first.verifiedAt)],
            ]}
          />
        </>
      )}
      {labels.length > 0 && (
        <Box mt={2} data-testid="unverified-labels">
          <Typography variant="body2" component="div" gutterBottom>
            Build labels set by the publishing workflow{' '}
            <Chip size="small" label="unverified" /> — custom metadata, which
            anyone with the manage scope can change:
          </Typography>
          <InfoTable
            label="Unverified build labels"
            rows={labels.map(entry => [entry.key, entry.value])}
          />
        </Box>
      )}
    </Box>
  );
}
