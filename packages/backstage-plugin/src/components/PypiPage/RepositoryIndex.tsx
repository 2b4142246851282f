import { Navigate } from 'react-router-dom';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { repositoryRouteRef } from '../../routes';
import { LoadError } from '../common/LoadError';

/** The plugin's start: straight to the only repository, or a list of the repositories the user may read. */
export function RepositoryIndex() {
  const api = useApi(pypiApiRef);
  const repositoryLink = useRouteRef(repositoryRouteRef);
  const repositories = useAsyncData(() => api.listRepositories(), [api]);
  const items = repositories.value;
  if (items?.length === 1)
    return (
      <Navigate to={repositoryLink({ repository: items[0].name })} replace />
    );

  let content;
  if (repositories.error)
    content = (
      <LoadError
        error={repositories.error}
        title="Could not load the repositories"
        onRetry={repositories.retry}
      />
    );
  else if (!items) content = <Progress />;
  else if (!items.length)
    content = (
      <EmptyState
        missing="info"
        title="No repositories"
        description="You may not read any PyPI repository."
      />
    );
  else {
    content = (
      <InfoCard title="Repositories" noPadding>
        <Table size="small" aria-label="Repositories">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Description</TableCell>
              <TableCell>Reading</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(repository => (
              <TableRow key={repository.name}>
                <TableCell>
                  <Link to={repositoryLink({ repository: repository.name })}>
                    {repository.name}
                  </Link>
                </TableCell>
                <TableCell>{repository.description ?? '–'}</TableCell>
                <TableCell>
                  {repository.anonymousRead ? 'Anyone' : 'With a token'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </InfoCard>
    );
  }
  return (
    <Page themeId="tool">
      <Header
        title="PyPI repositories"
        subtitle="Private Python package index"
      />
      <Content>{content}</Content>
    </Page>
  );
}
