import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { pypiDeletePermission } from '@wheelhouse/backstage-plugin-pypi-common';
import { projectDetails, mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { ProjectDetailsView } from './ProjectDetailsView';

const cached = () =>
  mockPypiApi({
    getArtifact: jest.fn(async () =>
      projectDetails({ cached: true, upstream: 'https://pypi.org/simple/' }),
    ),
  });

function details(onDeleted = jest.fn()) {
  return (
    <ProjectDetailsView
      repository="pypi"
      name="mylib"
      onVersionChange={jest.fn()}
      onDeleted={onDeleted}
    />
  );
}

const loaded = () =>
  screen.findByRole('table', { name: 'Artifact Information' });

describe('Purge cache', () => {
  it('purges a cached artifact after a confirmation that disabled versions stay, then reloads', async () => {
    const api = cached();
    const onDeleted = jest.fn();
    const { toastApi } = await renderPypi(details(onDeleted), { api });
    await loaded();
    expect(api.getArtifact).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Purge cache' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Disabled versions stay, and keep blocking their release.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Purge' }));
    await waitFor(() =>
      expect(api.purgeCache).toHaveBeenCalledWith('pypi', 'mylib'),
    );
    await waitFor(() => expect(api.getArtifact).toHaveBeenCalledTimes(2));
    expect(onDeleted).toHaveBeenCalledWith('1.1.0');
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        status: 'success',
        title: expect.stringMatching(
          /cache of MyLib was purged \(2 versions\)/,
        ),
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the reason when the purge fails', async () => {
    const api = cached();
    api.purgeCache.mockRejectedValueOnce(new Error('Repository pypi is down'));
    await renderPypi(details(), { api });
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Purge cache' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Purge' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Repository pypi is down',
    );
    expect(api.getArtifact).toHaveBeenCalledTimes(1);
  });

  it('is not offered without the permission', async () => {
    const api = cached();
    await renderPypi(details(), {
      api,
      deny: [pypiDeletePermission.name],
    });
    await loaded();
    expect(
      screen.queryByRole('button', { name: 'Purge cache' }),
    ).not.toBeInTheDocument();
  });

  it('is not offered for an artifact that was uploaded, not cached', async () => {
    await renderPypi(details(), { api: mockPypiApi() });
    await loaded();
    expect(
      screen.getByRole('button', { name: 'Delete This Version' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Purge cache' }),
    ).not.toBeInTheDocument();
  });
});
