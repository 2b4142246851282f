import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { DownloadsChart } from './DownloadsChart';

describe('DownloadsChart', () => {
  it('draws a bar per day with the total, for the artifact or one version, over 7 to 90 days', async () => {
    const api = mockPypiApi();
    await renderPypi(
      <DownloadsChart repository="default" name="mylib" version="1.1.0" />,
      { api },
    );
    const bars = await screen.findAllByTestId('download-bar');
    expect(bars).toHaveLength(3);
    expect(bars[2].querySelector('title')).toHaveTextContent('2026-01-03: 7');
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
});
