import { useState } from 'react';
import { Box, Card, Divider, Tab, Tabs, Typography } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { usePypiPermissions } from '../../hooks/usePypiPermissions';
import { BreakableText } from '../common/BreakableText';
import { LoadError } from '../common/LoadError';
import { useTabStyles } from '../common/tabStyles';
import { CreateTokenDialog } from './CreateTokenDialog';
import { PullTab } from './PullTab';
import { PushTab } from './PushTab';
import { pypiUserName } from './userName';

/** The User Guide: Push and Pull set-up for a repository, filled in with this portal's URL and the user's name. */
export function UserGuide({
  repository,
  anonymousRead,
}: {
  repository: string;
  anonymousRead?: boolean;
}) {
  const api = useApi(pypiApiRef);
  const identityApi = useApi(identityApiRef);
  const { tokenScopes } = usePypiPermissions(repository);
  const classes = useTabStyles();
  const [tab, setTab] = useState<'push' | 'pull'>('push');
  const [creatingToken, setCreatingToken] = useState(false);
  const guide = useAsyncData(
    async () =>
      api.getGuide(repository, { username: await pypiUserName(identityApi) }),
    [api, identityApi, repository],
  );

  if (guide.error)
    return (
      <LoadError
        error={guide.error}
        title="Could not load the user guide"
        onRetry={guide.retry}
      />
    );
  if (!guide.value) return <Progress />;
  return (
    <Card>
      <Box p={2} pb={0}>
        <Typography variant="h5">User Guide</Typography>
        <Typography variant="body2" color="textSecondary">
          Manual upload and download for repository {repository}: upload URL{' '}
          <code>
            <BreakableText text={guide.value.uploadUrl} />
          </code>
          , index URL{' '}
          <code>
            <BreakableText text={guide.value.indexUrl} />
          </code>
        </Typography>
      </Box>
      <Tabs
        value={tab}
        onChange={(_event, next) => setTab(next)}
        indicatorColor="primary"
        textColor="inherit"
        aria-label="User Guide"
      >
        {(['push', 'pull'] as const).map(value => (
          <Tab
            key={value}
            value={value}
            label={value === 'push' ? 'Push' : 'Pull'}
            classes={{ root: classes.tab, selected: classes.selected }}
          />
        ))}
      </Tabs>
      <Divider />
      <Box p={2} role="tabpanel">
        {tab === 'push' ? (
          <PushTab
            guide={guide.value}
            onCreateToken={() => setCreatingToken(true)}
          />
        ) : (
          <PullTab guide={guide.value} anonymousRead={anonymousRead} />
        )}
      </Box>
      {creatingToken && (
        <CreateTokenDialog
          open
          repository={repository}
          scopes={tokenScopes}
          pypirc={guide.value.push.pypirc}
          onClose={() => setCreatingToken(false)}
        />
      )}
    </Card>
  );
}
