import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PypiApiError } from '../../api';
import { mockPypiApi, versionDetails, XSS } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { CustomMetadataEditor } from './CustomMetadataEditor';

const versionRef = { repository: 'default', name: 'mylib', version: '1.0.0' };
const entries = [
  {
    key: 'build',
    value: '42',
    updatedBy: 'user:default/jane',
    updatedAt: '2026-01-01T10:00:00.000Z',
  },
  { key: 'commit', value: 'abc123', updatedAt: '2026-01-01T10:00:00.000Z' },
];

async function render(
  options: { editable?: boolean; api?: ReturnType<typeof mockPypiApi> } = {},
) {
  const api = options.api ?? mockPypiApi();
  const onChanged = jest.fn();
  await renderPypi(
    <CustomMetadataEditor
      versionRef={versionRef}
      entries={entries}
      editable={options.editable ?? true}
      onChanged={onChanged}
    />,
    { api },
  );
  return { api, onChanged };
}

describe('CustomMetadataEditor', () => {
  it('adds a key/value pair to the selected version only, rendering markup as text', async () => {
    const { api, onChanged } = await render();
    const saved = [
      { key: 'docs', value: XSS, updatedAt: '2026-01-05T00:00:00.000Z' },
    ];
    api.updateMetadata.mockResolvedValueOnce(
      versionDetails('1.0.0', { customMetadata: saved }),
    );
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'docs' },
    });
    fireEvent.change(screen.getByLabelText('Value'), {
      target: { value: XSS },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add Metadata' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(saved));
    expect(api.updateMetadata).toHaveBeenCalledWith(versionRef, {
      set: { docs: XSS },
    });
    expect(screen.getByLabelText('Key')).toHaveValue('');
  });

  it('refuses keys the registry would refuse before sending them', async () => {
    const { api } = await render();
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'has space' },
    });
    expect(screen.getByText(/1 to 128 letters, digits/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add Metadata' })).toBeDisabled();
    expect(api.updateMetadata).not.toHaveBeenCalled();
  });

  it('edits a value', async () => {
    const { api } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Edit build' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Value of build' }), {
      target: { value: '43' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save build' }));
    await waitFor(() =>
      expect(api.updateMetadata).toHaveBeenCalledWith(versionRef, {
        set: { build: '43' },
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('textbox', { name: 'Value of build' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('removes a key', async () => {
    const { api } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Remove commit' }));
    await waitFor(() =>
      expect(api.updateMetadata).toHaveBeenCalledWith(versionRef, {
        remove: ['commit'],
      }),
    );
  });

  it('shows why a change was refused', async () => {
    const api = mockPypiApi({
      updateMetadata: jest
        .fn()
        .mockRejectedValue(new PypiApiError('Too many metadata entries', 400)),
    });
    await render({ api });
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'more' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add Metadata' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many metadata entries',
    );
  });

  it('only shows the pairs to people who may not change them', async () => {
    await render({ editable: false });
    const table = screen.getByRole('table', { name: 'Custom Metadata' });
    expect(within(table).getByText('abc123')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Edit|Remove|Add Metadata/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Key')).not.toBeInTheDocument();
  });
});
