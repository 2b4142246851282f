import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { DownloadsChart } from './DownloadsChart';

describe('DownloadsChart', () => {
  it('charts the downloads per day with the total, for the artifact or one version, over 7 to 90 days', async () => {
    const api = mockPypiApi();
    await renderPypi(
      <DownloadsChart repository="default" name="mylib" version="1.1.0" />,
      { api },
    );
    expect(
      await screen.findByRole('img', { name: 'Downloads per day of mylib' }),
    ).toBeInTheDocument();
    expect(screen.getByText('10 in the last 30 days')).toBeInTheDocument();
    expect(api.getDownloads).toHaveBeenCalledWith('default', 'mylib', {
      days: 30,
      version: undefined,
    });

    fireEvent.click(screen.getByRole('checkbox'));
    await waitFor(() =>
      expect(api.getDownloads).toHaveBeenLastCalledWith('default', 'mylib', {
        days: 30,
        version: '1.1.0',
      }),
    );
    fireEvent.change(screen.getByLabelText('Period'), {
      target: { value: '90' },
    });
    await waitFor(() =>
      expect(api.getDownloads).toHaveBeenLastCalledWith('default', 'mylib', {
        days: 90,
        version: '1.1.0',
      }),
    );
  });

  it('shows the same figures as a focusable table, newest day first, on request', async () => {
    const api = mockPypiApi();
    await renderPypi(<DownloadsChart repository="default" name="mylib" />, {
      api,
    });
    const toggle = await screen.findByRole('button', { name: 'Show as table' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    fireEvent.click(toggle);
    const region = screen.getByRole('region', {
      name: 'Downloads per day of mylib',
    });
    expect(region).toHaveAttribute('tabindex', '0');
    const rows = within(region)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(rows).toEqual([
      'DayDownloads',
      '2026-01-037',
      '2026-01-020',
      '2026-01-013',
    ]);
    expect(screen.getByRole('button', { name: 'Hide table' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });
});
