import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockPypiApi } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { UserGuide } from './UserGuide';

const block = (label: string) => screen.getByLabelText(label);

describe('UserGuide', () => {
  it('fills the Push tab with the portal URL and the user name', async () => {
    const api = mockPypiApi();
    await renderPypi(<UserGuide repository="default" anonymousRead />, { api });
    expect(await screen.findByText('Set push credentials')).toBeInTheDocument();
    // The user's name, not their entity reference: a colon would break HTTP Basic auth.
    expect(api.getGuide).toHaveBeenCalledWith('default', { username: 'jane' });
    expect(block('~/.pypirc')).toHaveTextContent('[distutils]');
    expect(block('~/.pypirc')).toHaveTextContent(
      'repository = http://portal.example/api/pypi/default/',
    );
    expect(block('~/.pypirc')).toHaveTextContent('username = jane');
    expect(block('twine upload with ~/.pypirc')).toHaveTextContent(
      'twine upload --repository wheelhouse-default dist/*',
    );
    expect(block('twine upload with parameters')).toHaveTextContent(
      'twine upload --repository-url http://portal.example/api/pypi/default/ -u jane -p <your API token> dist/*',
    );
  });

  it('tells what to do when old twine rejects Metadata-Version 2.4', async () => {
    await renderPypi(<UserGuide repository="default" anonymousRead />, {
      api: mockPypiApi(),
    });
    expect(
      await screen.findByText(/missing required fields: Name, Version/),
    ).toBeInTheDocument();
    expect(block('build without isolation')).toHaveTextContent(
      'python3 -m build --no-isolation',
    );
    expect(screen.getByText('pip install --upgrade twine')).toBeInTheDocument();
  });

  it('shows pip install --index-url and pip.conf on the Pull tab', async () => {
    const api = mockPypiApi();
    await renderPypi(<UserGuide repository="default" anonymousRead={false} />, {
      api,
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Pull' }));
    expect(block('pip install')).toHaveTextContent(
      'pip install --index-url http://portal.example/api/pypi/default/simple/ <package>',
    );
    expect(block('pip.conf')).toHaveTextContent(
      'index-url = http://portal.example/api/pypi/default/simple/',
    );
    expect(screen.getByText(/needs a token to read/)).toBeInTheDocument();
  });

  it('creates a personal token, shows it once and fills it into ~/.pypirc', async () => {
    const api = mockPypiApi();
    await renderPypi(<UserGuide repository="default" />, { api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create personal token' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Token name'), {
      target: { value: 'laptop' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Create token' }),
    );
    await waitFor(() =>
      expect(api.createPersonalToken).toHaveBeenCalledWith({
        name: 'laptop',
        scopes: ['publish'],
        repositories: ['default'],
        expiresInDays: 90,
      }),
    );
    expect(
      await within(dialog).findByText(/shown only this once/),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Personal token')).toHaveTextContent(
      'whl_secret_token',
    );
    expect(
      within(dialog).getByLabelText('~/.pypirc with the token'),
    ).toHaveTextContent('password = whl_secret_token');
  });

  it('offers each token scope the permissions allow, and no other', async () => {
    const api = mockPypiApi();
    await renderPypi(<UserGuide repository="default" />, {
      api,
      deny: ['pypi.package.publish', 'pypi.admin'],
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create personal token' }),
    );
    const dialog = await screen.findByRole('dialog');
    const offered = within(dialog)
      .getAllByRole('radio')
      .map(radio => radio.getAttribute('value'));
    // Not publish (denied) nor admin (denied); manage, since every manage operation is allowed.
    expect(offered).toEqual(['read', 'manage']);
    expect(
      within(dialog).queryByLabelText('Push and pull (twine upload)'),
    ).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByLabelText(/^Manage and pull/));
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Create token' }),
    );
    await waitFor(() =>
      expect(api.createPersonalToken).toHaveBeenCalledWith(
        expect.objectContaining({ scopes: ['manage'] }),
      ),
    );
  });

  it('leaves manage out when one of its operations (restore) is denied', async () => {
    const api = mockPypiApi();
    await renderPypi(<UserGuide repository="default" />, {
      api,
      deny: ['pypi.version.restore'],
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create personal token' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog)
        .getAllByRole('radio')
        .map(radio => radio.getAttribute('value')),
      // admin includes every operation, restore too.
    ).toEqual(['read', 'publish']);
    expect(within(dialog).getByLabelText(/^Push and pull/)).toBeChecked();
  });
});
