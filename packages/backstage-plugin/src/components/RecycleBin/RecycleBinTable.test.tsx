import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockPypiApi, recycleBin } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { RecycleBinTable } from './RecycleBinTable';

describe('RecycleBinTable', () => {
  it('lists deleted versions with who deleted them, when, why and the days left', async () => {
    const api = mockPypiApi();
    await renderPypi(<RecycleBinTable repository="default" />, { api });
    const row = await screen.findByTestId('bin-mylib-0.9.0');
    expect(row).toHaveTextContent('MyLib');
    // The person as a link to their catalog page, by name.
    expect(within(row).getByRole('link', { name: /jane/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jane',
    );
    expect(row).toHaveTextContent('2026-01-03 09:00 UTC');
    expect(row).toHaveTextContent('superseded');
    expect(row).toHaveTextContent('12 days');
    expect(screen.getByText(/stay here for 30 days/)).toBeInTheDocument();
  });

  it('restores a version', async () => {
    const api = mockPypiApi();
    const { toastApi } = await renderPypi(
      <RecycleBinTable repository="default" />,
      { api },
    );
    const row = await screen.findByTestId('bin-mylib-0.9.0');
    api.getRecycleBin.mockResolvedValue(recycleBin({ items: [] }));
    fireEvent.click(within(row).getByRole('button', { name: 'Restore' }));
    await waitFor(() =>
      expect(api.restoreVersion).toHaveBeenCalledWith({
        repository: 'default',
        name: 'mylib',
        version: '0.9.0',
      }),
    );
    expect(
      await screen.findByText('The recycle bin is empty'),
    ).toBeInTheDocument();
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'MyLib 0.9.0 was restored' }),
    );
  });

  it('purges a version after confirmation', async () => {
    const api = mockPypiApi();
    await renderPypi(<RecycleBinTable repository="default" />, { api });
    fireEvent.click(
      within(await screen.findByTestId('bin-mylib-0.9.0')).getByRole('button', {
        name: 'Purge',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('cannot be restored');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Purge' }));
    await waitFor(() =>
      expect(api.purgeVersion).toHaveBeenCalledWith({
        repository: 'default',
        name: 'mylib',
        version: '0.9.0',
      }),
    );
  });

  it('says when versions are kept until purged by hand', async () => {
    const api = mockPypiApi({
      getRecycleBin: jest.fn(async () => {
        const bin = recycleBin({ retentionDays: null });
        return {
          ...bin,
          items: bin.items.map(item => ({
            ...item,
            daysLeft: null,
            purgeAt: undefined,
          })),
        };
      }),
    });
    await renderPypi(<RecycleBinTable repository="default" />, { api });
    expect(await screen.findByTestId('bin-mylib-0.9.0')).toHaveTextContent(
      'Kept until purged',
    );
    expect(screen.getByText(/until someone purges them/)).toBeInTheDocument();
  });

  it('hides Restore and Purge from people who may not use them', async () => {
    const api = mockPypiApi();
    await renderPypi(<RecycleBinTable repository="default" />, {
      api,
      deny: ['pypi.version.restore', 'pypi.admin'],
    });
    const row = await screen.findByTestId('bin-mylib-0.9.0');
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });
});
