import { useParams, useSearchParams } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { repositoryRouteRef } from '../../routes';
import { ProjectDetailsView } from '../ProjectDetails/ProjectDetailsView';

/** An artifact's page; `?version=` picks the version, the latest otherwise. */
export function ProjectDetailsPage() {
  const { repository = '', name = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const repositoryLink = useRouteRef(repositoryRouteRef);
  const version = params.get('version') ?? undefined;

  return (
    <Page themeId="tool">
      <Header
        title={name}
        subtitle="PyPI artifact"
        type={`Repository ${repository}`}
        typeLink={repositoryLink({ repository })}
      />
      <Content>
        <ProjectDetailsView
          repository={repository}
          name={name}
          version={version}
          onVersionChange={next => setParams({ version: next })}
          onDeleted={() => setParams({}, { replace: true })}
        />
      </Content>
    </Page>
  );
}
