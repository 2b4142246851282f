import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PypiApiError } from '../../api';
import {
  projectDetails,
  mockPypiApi,
  versionDetails,
  XSS,
} from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { chooseVersion, shownVersion } from '../../__testutils__/versionSelect';
import { ProjectDetailsView } from './ProjectDetailsView';

/** ArtifactDetails with its version in state, as the page keeps it in the URL. */
function Harness({
  onDeleted = jest.fn(),
}: {
  onDeleted?: (version: string) => void;
}) {
  const [version, setVersion] = useState<string>();
  return (
    <ProjectDetailsView
      repository="default"
      name="mylib"
      version={version}
      onVersionChange={setVersion}
      onDeleted={onDeleted}
    />
  );
}

const row = (table: HTMLElement, label: string) =>
  within(table).getByText(label, { selector: 'th' }).closest('tr')!;
const dialogClosed = () =>
  waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

describe('ArtifactDetails', () => {
  it('shows the latest version by default, with the Artifact Information', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    expect(api.getVersion).toHaveBeenCalledWith({
      repository: 'default',
      name: 'mylib',
      version: '1.1.0',
    });
    expect(shownVersion()).toBe('1.1.0');
    expect(row(info, 'Summary')).toHaveTextContent('My library 1.1.0');
    expect(row(info, 'Total versions')).toHaveTextContent('2');
    expect(row(info, 'Total downloads')).toHaveTextContent('1,234');
    expect(row(info, 'Storage size')).toHaveTextContent('2.0 KiB');
    expect(row(info, 'Tags')).toHaveTextContent('stable: 1.0.0');
    expect(row(info, 'Uploader')).toHaveTextContent('jane via token ci');
    expect(row(info, 'Upload time')).toHaveTextContent('2026-01-01 10:00 UTC');
    expect(row(info, 'Status')).toHaveTextContent('Active');
    expect(row(info, 'Requires-Python')).toHaveTextContent('>=3.9');
    expect(
      await screen.findByRole('img', { name: 'Downloads per day of mylib' }),
    ).toBeInTheDocument();
  });

  it('switches versions', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    await screen.findByRole('table', { name: 'Artifact Information' });
    await chooseVersion('1.0.0');
    await waitFor(() =>
      expect(api.getVersion).toHaveBeenLastCalledWith({
        repository: 'default',
        name: 'mylib',
        version: '1.0.0',
      }),
    );
    expect(
      await screen.findByText('My library 1.0.0', { selector: 'td' }),
    ).toBeInTheDocument();
  });

  it('lists the files with type, size, sha256, downloads and a download link', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    fireEvent.click(
      await screen.findByRole('tab', { name: 'File Information' }),
    );
    const files = await screen.findByRole('table', {
      name: 'File Information',
    });
    const wheel = within(files)
      .getByText('mylib-1.1.0-py3-none-any.whl')
      .closest('tr')!;
    expect(wheel).toHaveTextContent('Wheel (py3)');
    expect(wheel).toHaveTextContent('512 B');
    expect(wheel).toHaveTextContent('a'.repeat(64));
    expect(wheel).toHaveTextContent('30');
    await waitFor(() =>
      expect(
        within(wheel).getByRole('link', {
          name: 'Download mylib-1.1.0-py3-none-any.whl',
        }),
      ).toHaveAttribute(
        'href',
        `http://portal.example/api/pypi/default/files/${'a'.repeat(64)}/mylib-1.1.0-py3-none-any.whl`,
      ),
    );
    expect(
      within(files).getByText('mylib-1.1.0.tar.gz').closest('tr'),
    ).toHaveTextContent('Source (sdist)');
  });

  it('shows the core metadata and the custom metadata of the version', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    fireEvent.click(await screen.findByRole('tab', { name: 'Metadata' }));
    const core = screen.getByRole('table', { name: 'Core Metadata' });
    expect(row(core, 'Metadata-Version')).toHaveTextContent('2.1');
    expect(row(core, 'Classifier')).toHaveTextContent(
      'Programming Language :: Python :: 3',
    );
    expect(row(core, 'Project-URL')).toHaveTextContent(
      'Source: https://example.com/mylib',
    );
    expect(within(core).queryByText('long text')).not.toBeInTheDocument();
    expect(screen.getByTestId('metadata-build')).toHaveTextContent('42');
    expect(
      screen.getByText('Custom metadata applies to version 1.1.0 only.'),
    ).toBeInTheDocument();
  });

  it('disables a version with a reason, shows the reason as text, and enables it again', async () => {
    const api = mockPypiApi();
    const { toastApi } = await renderPypi(<Harness />, { api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Disable Artifact' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/Only this version is disabled/),
    ).toBeInTheDocument();
    const ok = within(dialog).getByRole('button', { name: 'OK' });
    expect(ok).toBeDisabled();
    const reason = `${XSS} broken build`;
    fireEvent.change(within(dialog).getByLabelText(/Reason for disabling/), {
      target: { value: reason },
    });
    api.getVersion.mockResolvedValue(
      versionDetails('1.1.0', {
        status: 'disabled',
        disabled: {
          at: '2026-01-04T00:00:00.000Z',
          by: 'user:default/jane',
          reason,
        },
      }),
    );
    // Disabling the latest makes 1.0.0 what pip installs: the page must stay on the version acted on.
    api.getArtifact.mockResolvedValue(
      projectDetails({ latestVersion: '1.0.0' }),
    );
    fireEvent.click(ok);
    await waitFor(() =>
      expect(api.disableVersion).toHaveBeenCalledWith(
        { repository: 'default', name: 'mylib', version: '1.1.0' },
        reason,
      ),
    );
    await dialogClosed();
    expect(await screen.findByTestId('disabled-reason')).toHaveTextContent(
      reason,
    );
    expect(shownVersion()).toBe('1.1.0');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'MyLib 1.1.0 is disabled' }),
    );
    expect(
      screen.queryByRole('button', { name: 'Disable Artifact' }),
    ).not.toBeInTheDocument();

    api.getVersion.mockImplementation(async ref => versionDetails(ref.version));
    fireEvent.click(screen.getByRole('button', { name: 'Enable Artifact' }));
    await waitFor(() =>
      expect(api.enableVersion).toHaveBeenCalledWith({
        repository: 'default',
        name: 'mylib',
        version: '1.1.0',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('disabled-notice')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the reason when disabling fails', async () => {
    const api = mockPypiApi({
      disableVersion: jest
        .fn()
        .mockRejectedValue(
          new PypiApiError(
            'Not allowed: you lack the pypi.version.disable permission',
            403,
          ),
        ),
    });
    await renderPypi(<Harness />, { api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Disable Artifact' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Reason for disabling/), {
      target: { value: 'oops' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'you lack the pypi.version.disable permission',
    );
  });

  it('deletes the version after confirmation', async () => {
    const api = mockPypiApi();
    const onDeleted = jest.fn();
    await renderPypi(<Harness onDeleted={onDeleted} />, { api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Delete This Version' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Move MyLib 1.1.0 to the recycle bin?');
    fireEvent.change(within(dialog).getByLabelText('Reason (optional)'), {
      target: { value: 'mistake' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith('1.1.0'));
    expect(api.deleteVersion).toHaveBeenCalledWith(
      { repository: 'default', name: 'mylib', version: '1.1.0' },
      'mistake',
    );
  });

  it('hides the actions the user may not take', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, {
      api,
      deny: [
        'pypi.version.disable',
        'pypi.version.delete',
        'pypi.metadata.update',
      ],
    });
    await screen.findByRole('table', { name: 'Artifact Information' });
    expect(
      screen.queryByRole('button', { name: 'Disable Artifact' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete This Version' }),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Metadata' }));
    expect(screen.getByTestId('metadata-build')).toHaveTextContent('42');
    expect(
      screen.queryByRole('button', { name: 'Add Metadata' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit build' }),
    ).not.toBeInTheDocument();
  });

  it('says when the artifact does not exist', async () => {
    const api = mockPypiApi({
      getArtifact: jest
        .fn()
        .mockRejectedValue(new PypiApiError('Package mylib not found', 404)),
    });
    await renderPypi(<Harness />, { api });
    expect(
      await screen.findByText('No artifact mylib in default'),
    ).toBeInTheDocument();
  });
});
