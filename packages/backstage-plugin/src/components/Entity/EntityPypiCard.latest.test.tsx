import { screen, within } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { projectDetails, mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { ProjectsTable } from '../ProjectsTable/ProjectsTable';
import { EntityPypiCard } from './EntityPypiCard';

const version = (name: string, extra: object = {}) => ({
  ...projectDetails().versions[0],
  version: name,
  canonical: name,
  ...extra,
});

describe('latest is what pip installs, in the list and on the entity card', () => {
  it('the card shows the latest installable final release, not a newer disabled one or a pre-release', async () => {
    const api = mockPypiApi({
      getArtifact: jest.fn(async () =>
        projectDetails({
          latestVersion: '0.1.0',
          latestPrerelease: '0.3.0b1',
          versions: [
            version('0.3.0b1', { prerelease: true }),
            version('0.2.0', { status: 'disabled' }),
            version('0.1.0'),
          ],
        }),
      ),
    });
    await renderPypi(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'mylib',
            annotations: { 'wheelhouse.dev/pypi-package': 'mylib' },
          },
        }}
      >
        <EntityPypiCard />
      </EntityProvider>,
      { api },
    );
    const table = await screen.findByRole('table', { name: 'PyPI package' });
    const latest = within(table).getByText('Latest version').closest('tr')!;
    expect(latest).toHaveTextContent('0.1.0');
    expect(latest).not.toHaveTextContent('Disabled');
    expect(
      within(table).getByText('Pre-release').closest('tr'),
    ).toHaveTextContent('0.3.0b1pre-release');
  });

  it('the list shows the latest final release with a newer pre-release marked beside it, or a pre-release marked as such', async () => {
    const api = mockPypiApi({
      listArtifacts: jest.fn(async () => ({
        items: [
          {
            ...projectDetails(),
            name: 'data-pipeline-kit',
            displayName: 'data-pipeline-kit',
            latestVersion: '1.2.0',
            latestPrerelease: '2.0.0rc1',
          },
          {
            ...projectDetails(),
            name: 'only-pre',
            displayName: 'only-pre',
            latestVersion: '0.1.0a1',
            latestIsPrerelease: true,
          },
        ],
        total: 2,
        offset: 0,
        limit: 20,
      })),
    });
    await renderPypi(<ProjectsTable repository="default" />, { api });
    const rowOf = async (name: string) =>
      (await screen.findByRole('link', { name })).closest('tr')!;
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent);
    expect(cells(await rowOf('data-pipeline-kit'))[1]).toBe(
      '1.2.02.0.0rc1pre-release',
    );
    expect(cells(await rowOf('only-pre'))[1]).toBe('0.1.0a1pre-release');
  });
});
