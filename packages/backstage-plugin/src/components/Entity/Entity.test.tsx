import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { getPypiPackage, isPypiAvailable } from '../../annotations';
import { mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { EntityPypiCard } from './EntityPypiCard';
import { EntityPypiContent } from './EntityPypiContent';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'mylib', annotations },
    spec: { type: 'library', owner: 'team-a', lifecycle: 'production' },
  };
}

describe('catalog integration', () => {
  it('isPypiAvailable and getPypiPackage read the annotations', () => {
    expect(
      isPypiAvailable(component({ 'wheelhouse.dev/pypi-package': 'mylib' })),
    ).toBe(true);
    expect(isPypiAvailable(component({}))).toBe(false);
    expect(
      isPypiAvailable(component({ 'wheelhouse.dev/pypi-package': ' ' })),
    ).toBe(false);
    expect(
      getPypiPackage(component({ 'wheelhouse.dev/pypi-package': 'mylib' })),
    ).toEqual({ name: 'mylib', repository: 'default' });
    expect(
      getPypiPackage(
        component({
          'wheelhouse.dev/pypi-package': 'mylib',
          'wheelhouse.dev/pypi-repository': 'ml',
        }),
      ),
    ).toEqual({
      name: 'mylib',
      repository: 'ml',
    });
  });

  it('the card shows the latest version, totals, the install command and a link to the artifact page', async () => {
    const api = mockPypiApi();
    const entity = component({
      'wheelhouse.dev/pypi-package': 'mylib',
      'wheelhouse.dev/pypi-repository': 'team',
    });
    await renderPypi(
      <EntityProvider entity={entity}>
        <EntityPypiCard />
      </EntityProvider>,
      { api },
    );
    const table = await screen.findByRole('table', { name: 'PyPI package' });
    expect(table).toHaveTextContent('1.1.0');
    expect(table).toHaveTextContent('1,234');
    expect(api.getArtifact).toHaveBeenCalledWith('team', 'mylib');
    expect(screen.getByLabelText('pip install')).toHaveTextContent(
      'pip install --index-url http://portal.example/api/pypi/default/simple/ MyLib',
    );
    expect(screen.getByRole('link', { name: /View artifact/ })).toHaveAttribute(
      'href',
      '/pypi/team/packages/mylib',
    );
  });

  it('the tab shows the artifact details of the annotated package', async () => {
    const api = mockPypiApi();
    await renderPypi(
      <EntityProvider
        entity={component({ 'wheelhouse.dev/pypi-package': 'mylib' })}
      >
        <EntityPypiContent />
      </EntityProvider>,
      { api },
    );
    expect(
      await screen.findByRole('table', { name: 'Artifact Information' }),
    ).toBeInTheDocument();
    expect(api.getVersion).toHaveBeenCalledWith({
      repository: 'default',
      name: 'mylib',
      version: '1.1.0',
    });
  });

  it('explains the missing annotation', async () => {
    await renderPypi(
      <EntityProvider entity={component({})}>
        <EntityPypiContent />
      </EntityProvider>,
      { api: mockPypiApi() },
    );
    expect(
      await screen.findByText('wheelhouse.dev/pypi-package', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
  });
});
