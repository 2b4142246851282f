import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { chooseVersion } from '../../__testutils__/versionSelect';
import { PypiPage } from './PypiPage';

const app = (
  <Routes>
    <Route path="/pypi/*" element={<PypiPage />} />
  </Routes>
);

describe('PypiPage', () => {
  it('goes to the only repository, whose tabs are Artifacts, Recycle Bin and User Guide', async () => {
    const api = mockPypiApi();
    await renderPypi(app, { api, at: '/pypi' });
    expect(
      await screen.findByText('PyPI repository default'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'MyLib' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Recycle Bin' }));
    expect(await screen.findByTestId('bin-mylib-0.9.0')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'User Guide' }));
    expect(await screen.findByText('Set push credentials')).toBeInTheDocument();
  });

  it('lists the repositories when there are several', async () => {
    const api = mockPypiApi({
      listRepositories: jest.fn(async () => [
        { name: 'default', anonymousRead: true },
        { name: 'ml-models', description: 'Models', anonymousRead: false },
      ]),
    });
    await renderPypi(app, { api, at: '/pypi' });
    expect(
      await screen.findByRole('link', { name: 'ml-models' }),
    ).toHaveAttribute('href', '/pypi/ml-models');
    expect(screen.getByText('With a token')).toBeInTheDocument();
  });

  it('opens an artifact from the list, with the version from the URL', async () => {
    const api = mockPypiApi();
    await renderPypi(app, { api, at: '/pypi/default' });
    fireEvent.click(await screen.findByRole('link', { name: 'MyLib' }));
    expect(
      await screen.findByRole('table', { name: 'Artifact Information' }),
    ).toBeInTheDocument();
    expect(api.getVersion).toHaveBeenLastCalledWith({
      repository: 'default',
      name: 'mylib',
      version: '1.1.0',
    });
    await chooseVersion('1.0.0');
    await waitFor(() =>
      expect(api.getVersion).toHaveBeenLastCalledWith({
        repository: 'default',
        name: 'mylib',
        version: '1.0.0',
      }),
    );
  });

  it('shows a version named in the URL', async () => {
    const api = mockPypiApi();
    await renderPypi(app, {
      api,
      at: '/pypi/default/packages/mylib?version=1.0.0',
    });
    expect(
      await screen.findByRole('table', { name: 'Artifact Information' }),
    ).toBeInTheDocument();
    expect(api.getVersion).toHaveBeenCalledWith({
      repository: 'default',
      name: 'mylib',
      version: '1.0.0',
    });
    expect(api.getVersion).not.toHaveBeenCalledWith(
      expect.objectContaining({ version: '1.1.0' }),
    );
  });
});
