import { fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockPypiApi, proxyCache } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { PypiPage } from '../PypiPage/PypiPage';

const app = (
  <Routes>
    <Route path="/pypi/*" element={<PypiPage />} />
  </Routes>
);

const repositories = jest.fn(async () => [
  { name: 'default', anonymousRead: true, kind: 'hosted' as const },
  {
    name: 'pypi',
    anonymousRead: true,
    kind: 'proxy' as const,
    upstream: 'https://pypi.org/simple/',
  },
]);

const row = (table: HTMLElement, label: string) =>
  within(table).getByText(label, { selector: 'th' }).closest('tr')!;

describe('Upstream cache panel', () => {
  it("shows a proxy's upstream, what it stored and its hit and fetch counters", async () => {
    const api = mockPypiApi({ listRepositories: repositories });
    await renderPypi(app, { api, at: '/pypi/pypi' });
    const table = await screen.findByRole('table', { name: 'Upstream cache' });
    expect(api.getCache).toHaveBeenCalledWith('pypi');
    expect(row(table, 'Upstream')).toHaveTextContent(
      'https://pypi.org/simple/',
    );
    expect(row(table, 'Cached artifacts')).toHaveTextContent('12');
    expect(row(table, 'Stored files')).toHaveTextContent('30');
    expect(row(table, 'Storage size')).toHaveTextContent('5.0 MiB');
    expect(row(table, 'Project pages')).toHaveTextContent(
      '1,500 hits, 40 fetches, 7 revalidations, 2 served stale',
    );
    expect(row(table, 'Files')).toHaveTextContent(
      '900 hits, 30 fetches, 1 refused for a hash mismatch',
    );
    // Beside the artifact list, not instead of it.
    expect(
      await screen.findByRole('link', { name: 'MyLib' }),
    ).toBeInTheDocument();
  });

  it('is not shown for a hosted repository', async () => {
    const api = mockPypiApi({ listRepositories: repositories });
    await renderPypi(app, { api, at: '/pypi/default' });
    expect(
      await screen.findByRole('link', { name: 'MyLib' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Upstream cache')).not.toBeInTheDocument();
    expect(api.getCache).not.toHaveBeenCalled();
  });

  it('says why the figures did not load, and loads them again', async () => {
    const getCache = jest
      .fn()
      .mockRejectedValueOnce(new Error('database is down'))
      .mockResolvedValue(proxyCache({ projects: 3 }));
    const api = mockPypiApi({ listRepositories: repositories, getCache });
    await renderPypi(app, { api, at: '/pypi/pypi' });
    expect(
      await screen.findByText(
        'Error: Could not load the upstream cache: database is down',
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    const table = await screen.findByRole('table', { name: 'Upstream cache' });
    expect(row(table, 'Cached artifacts')).toHaveTextContent('3');
  });
});
