import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { PypiApiError } from '../../api';
import { projectSummary, mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { ProjectsTable } from './ProjectsTable';

describe('ArtifactsTable', () => {
  it('lists the artifacts with their latest version, counts, size and a link to the details', async () => {
    const api = mockPypiApi();
    await renderPypi(<ProjectsTable repository="default" />, { api });
    const table = await screen.findByRole('table', { name: 'Artifacts' });
    const link = within(table).getByRole('link', { name: 'MyLib' });
    expect(link).toHaveAttribute('href', '/pypi/default/packages/mylib');
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('1.1.0');
    expect(row).toHaveTextContent('1,234');
    expect(row).toHaveTextContent('2.0 KiB');
    expect(row).toHaveTextContent('stable: 1.0.0');
    expect(api.listArtifacts).toHaveBeenCalledWith('default', {
      search: '',
      sort: 'name',
      order: 'asc',
      offset: 0,
      limit: 20,
    });
  });

  it('marks the projects a proxy repository stored from its upstream', async () => {
    const api = mockPypiApi();
    api.listArtifacts.mockResolvedValue({
      items: [
        projectSummary({
          cached: true,
          upstream: 'https://pypi.org/simple/',
          tags: [],
        }),
      ],
      total: 1,
      offset: 0,
      limit: 20,
    });
    await renderPypi(<ProjectsTable repository="pypi" />, { api });
    const link = await screen.findByRole('link', { name: 'MyLib' });
    expect(link.closest('tr')!).toHaveTextContent('cached from pypi.org');
  });

  it('searches by name', async () => {
    const api = mockPypiApi();
    await renderPypi(<ProjectsTable repository="default" />, { api });
    await screen.findByRole('link', { name: 'MyLib' });
    api.listArtifacts.mockResolvedValueOnce({
      items: [],
      total: 0,
      offset: 0,
      limit: 20,
    });
    fireEvent.change(screen.getByLabelText('Search artifacts by name'), {
      target: { value: 'other' },
    });
    await waitFor(() =>
      expect(api.listArtifacts).toHaveBeenLastCalledWith(
        'default',
        expect.objectContaining({ search: 'other', offset: 0 }),
      ),
    );
    expect(
      await screen.findByText('No artifacts match “other”.'),
    ).toBeInTheDocument();
  });

  it('sorts by a column, first descending for numbers, then toggles the order', async () => {
    const api = mockPypiApi();
    await renderPypi(<ProjectsTable repository="default" />, { api });
    await screen.findByRole('link', { name: 'MyLib' });
    fireEvent.click(screen.getByRole('button', { name: 'Downloads' }));
    await waitFor(() =>
      expect(api.listArtifacts).toHaveBeenLastCalledWith(
        'default',
        expect.objectContaining({ sort: 'downloads', order: 'desc' }),
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: /Downloads/ }));
    await waitFor(() =>
      expect(api.listArtifacts).toHaveBeenLastCalledWith(
        'default',
        expect.objectContaining({ sort: 'downloads', order: 'asc' }),
      ),
    );
    for (const [title, sort] of [
      ['Latest version', 'latest'],
      ['Versions', 'versions'],
      ['Size', 'size'],
      ['Updated', 'updated'],
      ['Name', 'name'],
    ]) {
      fireEvent.click(screen.getByRole('button', { name: title }));
      await waitFor(() =>
        expect(api.listArtifacts).toHaveBeenLastCalledWith(
          'default',
          expect.objectContaining({ sort }),
        ),
      );
    }
  });

  it('pages through the artifacts', async () => {
    const items = Array.from({ length: 20 }, (_, index) =>
      projectSummary({ name: `lib-${index}`, displayName: `lib-${index}` }),
    );
    const api = mockPypiApi({
      listArtifacts: jest.fn(async () => ({
        items,
        total: 45,
        offset: 0,
        limit: 20,
      })),
    });
    await renderPypi(<ProjectsTable repository="default" />, { api });
    expect(await screen.findByText('1-20 of 45')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    });
    await waitFor(() =>
      expect(api.listArtifacts).toHaveBeenLastCalledWith(
        'default',
        expect.objectContaining({ offset: 20, limit: 20 }),
      ),
    );
  });

  it('shows an empty state with the way to the User Guide', async () => {
    const api = mockPypiApi({
      listArtifacts: jest.fn(async () => ({
        items: [],
        total: 0,
        offset: 0,
        limit: 20,
      })),
    });
    await renderPypi(<ProjectsTable repository="default" />, { api });
    expect(await screen.findByText('No artifacts yet')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the User Guide' }),
    ).toHaveAttribute('href', '/pypi/default/user-guide');
  });

  it('shows an error state and tries again', async () => {
    const api = mockPypiApi({
      listArtifacts: jest
        .fn()
        .mockRejectedValueOnce(new PypiApiError('database is down', 500)),
    });
    api.listArtifacts.mockResolvedValue({
      items: [projectSummary()],
      total: 1,
      offset: 0,
      limit: 20,
    });
    await renderPypi(<ProjectsTable repository="default" />, { api });
    expect(
      await screen.findByText(
        'Error: Could not load the artifacts: database is down',
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('link', { name: 'MyLib' }),
    ).toBeInTheDocument();
  });
});
