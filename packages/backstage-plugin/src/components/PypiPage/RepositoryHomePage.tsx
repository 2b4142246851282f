import { useParams } from 'react-router-dom';
import { Box } from '@material-ui/core';
import {
  Header,
  HeaderLabel,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { rootRouteRef, REPOSITORY_TABS } from '../../routes';
import { ProjectsTable } from '../ProjectsTable/ProjectsTable';
import { UpstreamCachePanel } from '../ProxyCache/UpstreamCachePanel';
import { RecycleBinTable } from '../RecycleBin/RecycleBinTable';
import { TrustedPublishersSection } from '../TrustedPublishing/TrustedPublishersSection';
import { UserGuide } from '../UserGuide/UserGuide';

/**
 * A repository's home page: the Artifacts (with a proxy's upstream cache), Recycle Bin and User Guide tabs
 * (TabbedLayout adds the Content).
 */
export function RepositoryHomePage() {
  const { repository = '' } = useParams();
  const api = useApi(pypiApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const repositories = useAsyncData(() => api.listRepositories(), [api]);
  const info = repositories.value?.find(
    candidate => candidate.name === repository,
  );

  return (
    <Page themeId="tool">
      <Header
        title={`PyPI repository ${repository}`}
        // Nothing until the repositories have loaded, rather than a default that the description then replaces.
        subtitle={
          repositories.value
            ? (info?.description ?? 'Private Python package index')
            : '\u00a0'
        }
        type="PyPI repositories"
        typeLink={
          (repositories.value?.length ?? 0) > 1 ? rootLink() : undefined
        }
      >
        {info && (
          <HeaderLabel
            label="Reading"
            value={info.anonymousRead ? 'Anyone' : 'With a token'}
          />
        )}
      </Header>
      <TabbedLayout>
        <TabbedLayout.Route
          path={`/${REPOSITORY_TABS.projects}`}
          title="Artifacts"
        >
          <Box display="flex" flexDirection="column" style={{ gap: 24 }}>
            {info?.kind === 'proxy' && (
              <UpstreamCachePanel repository={repository} />
            )}
            <ProjectsTable repository={repository} />
          </Box>
        </TabbedLayout.Route>
        <TabbedLayout.Route
          path={`/${REPOSITORY_TABS.recycleBin}`}
          title="Recycle Bin"
        >
          <RecycleBinTable repository={repository} />
        </TabbedLayout.Route>
        <TabbedLayout.Route
          path={`/${REPOSITORY_TABS.trustedPublishers}`}
          title="Trusted Publishers"
        >
          <TrustedPublishersSection repository={repository} />
        </TabbedLayout.Route>
        <TabbedLayout.Route
          path={`/${REPOSITORY_TABS.userGuide}`}
          title="User Guide"
        >
          <UserGuide
            repository={repository}
            anonymousRead={info?.anonymousRead}
          />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
