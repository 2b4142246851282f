import { useSearchParams } from 'react-router-dom';
import { Grid } from '@material-ui/core';
import { Entity } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityPypiCard,
  EntityPypiContent,
  PYPI_PACKAGE_ANNOTATION,
  PYPI_REPOSITORY_ANNOTATION,
  pypiApiRef,
} from '../src';
import { useAsyncData } from '../src/hooks/useAsyncData';

/**
 * What an entity page shows for a component annotated with a package, without a catalog backend:
 * `/entity-demo?package=mylib&repository=default`; without `package`, the artifact updated last.
 */
export function EntityPypiPage() {
  const [params] = useSearchParams();
  const api = useApi(pypiApiRef);
  const repository = params.get('repository') ?? 'default';
  const named = params.get('package');
  const target = useAsyncData(
    async () =>
      named ??
      (
        await api.listArtifacts(repository, {
          sort: 'updated',
          order: 'desc',
          limit: 1,
        })
      ).items[0]?.name,
    [api, repository, named],
  );
  const name = target.value;

  let content;
  if (target.loading && !name) content = <Progress />;
  else if (!name)
    content = (
      <EmptyState
        missing="data"
        title="No package to show"
        description="Publish a package first."
      />
    );
  else {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: {
          [PYPI_PACKAGE_ANNOTATION]: name,
          [PYPI_REPOSITORY_ANNOTATION]: repository,
        },
      },
      spec: { type: 'library', lifecycle: 'production', owner: 'guests' },
    };
    content = (
      <EntityProvider entity={entity}>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <EntityPypiCard />
          </Grid>
          <Grid item xs={12} md={8}>
            <EntityPypiContent />
          </Grid>
        </Grid>
      </EntityProvider>
    );
  }
  return (
    <Page themeId="library">
      <Header
        title={name ?? 'Entity'}
        type="component — library"
        subtitle={`annotated ${PYPI_PACKAGE_ANNOTATION}: ${name ?? '…'}`}
      />
      <Content>{content}</Content>
    </Page>
  );
}
