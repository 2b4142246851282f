import { useState } from 'react';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { VersionDetails } from '@wheelhouse/backstage-plugin-pypi-common';
import {
  projectDetails,
  mockPypiApi,
  versionDetails,
} from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { chooseVersion, shownVersion } from '../../__testutils__/versionSelect';
import { ProjectDetailsView } from './ProjectDetailsView';

function Harness() {
  const [version, setVersion] = useState<string>();
  return (
    <ProjectDetailsView
      repository="default"
      name="mylib"
      version={version}
      onVersionChange={setVersion}
      onDeleted={() => setVersion(undefined)}
    />
  );
}

const summary = (version: string, extra: object = {}) => ({
  ...projectDetails().versions[0],
  version,
  canonical: version,
  prerelease: /rc|b\d/.test(version),
  ...extra,
});

/** mylib with a newer pre-release and a newer disabled version: pip installs 1.2.0. */
const withPrerelease = () =>
  projectDetails({
    latestVersion: '1.2.0',
    latestPrerelease: '2.0.0rc1',
    versions: [
      summary('2.0.0rc1'),
      summary('1.3.0', { status: 'disabled' }),
      summary('1.2.0'),
      summary('1.1.0'),
    ],
  });

const row = (table: HTMLElement, label: string) =>
  within(table).getByText(label, { selector: 'th' }).closest('tr')!;

describe('ArtifactDetails: latest, switching, description, identity and tags', () => {
  it('opens on what pip installs, not on a newer pre-release or disabled version, and marks each', async () => {
    const api = mockPypiApi({
      getArtifact: jest.fn(async () => withPrerelease()),
    });
    await renderPypi(<Harness />, { api });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    expect(api.getVersion).toHaveBeenCalledWith({
      repository: 'default',
      name: 'mylib',
      version: '1.2.0',
    });
    expect(shownVersion()).toBe('1.2.0');
    expect(row(info, 'Latest version')).toHaveTextContent(
      '1.2.0 · pre-release 2.0.0rc1',
    );
    fireEvent.mouseDown(document.getElementById('pypi-version')!);
    const options = (await screen.findAllByRole('option')).map(option =>
      option.getAttribute('aria-label'),
    );
    expect(options).toEqual([
      '2.0.0rc1 (pre-release)',
      '1.3.0 (disabled)',
      '1.2.0 (latest)',
      '1.1.0',
    ]);
  });

  it('shows the chosen version at once with a progress indicator, never jumping back, until it has loaded', async () => {
    let answer: (details: VersionDetails) => void = () => {};
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    await screen.findByRole('table', { name: 'Artifact Information' });
    api.getVersion.mockImplementation(
      () => new Promise<VersionDetails>(resolve => (answer = resolve)),
    );
    await chooseVersion('1.0.0');
    // The choice shows while the old version's data stays, dimmed, with a spinner.
    expect(shownVersion()).toBe('1.0.0');
    expect(screen.getByLabelText('Loading 1.0.0')).toBeInTheDocument();
    expect(
      screen
        .getByRole('table', { name: 'Artifact Information' })
        .closest('[aria-busy]'),
    ).toHaveAttribute('aria-busy', 'true');
    await act(async () => answer(versionDetails('1.0.0')));
    await waitFor(() =>
      expect(screen.queryByLabelText('Loading 1.0.0')).not.toBeInTheDocument(),
    );
    expect(shownVersion()).toBe('1.0.0');
    expect(
      await screen.findByText('My library 1.0.0', { selector: 'td' }),
    ).toBeInTheDocument();
  });

  it('loads a version on commit only: arrow keys move through the open menu, Enter loads', async () => {
    const api = mockPypiApi();
    await renderPypi(<Harness />, { api });
    await screen.findByRole('table', { name: 'Artifact Information' });
    const calls = api.getVersion.mock.calls.length;
    const select = document.getElementById('pypi-version')!;
    select.focus();
    fireEvent.keyDown(select, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    fireEvent.keyDown(listbox, { key: 'ArrowDown' });
    fireEvent.keyDown(listbox, { key: 'ArrowUp' });
    fireEvent.keyDown(listbox, { key: 'ArrowDown' });
    expect(api.getVersion.mock.calls.length).toBe(calls);
    fireEvent.click(within(listbox).getByRole('option', { name: /^1\.0\.0/ }));
    await waitFor(() =>
      expect(api.getVersion).toHaveBeenLastCalledWith(
        expect.objectContaining({ version: '1.0.0' }),
      ),
    );
    expect(api.getVersion.mock.calls.length).toBe(calls + 1);
  });

  it('renders a Markdown description without running its scripts or loading remote images', async () => {
    const description = [
      '# Acme utils',
      '',
      'Some **bold** text and a [link](https://example.com/docs).',
      '',
      '| a | b |',
      '| - | - |',
      '| 1 | 2 |',
      '',
      '<script>window.__pwned = true</script>',
      '',
      '![tracker](https://tracker.example/pixel.png)',
    ].join('\n');
    const api = mockPypiApi({
      getVersion: jest.fn(async ref =>
        versionDetails(ref.version, {
          coreMetadata: {
            ...versionDetails().coreMetadata,
            description,
            descriptionContentType: 'text/markdown; charset=UTF-8; variant=GFM',
          },
        }),
      ),
    });
    await renderPypi(<Harness />, { api });
    fireEvent.click(await screen.findByRole('tab', { name: 'Description' }));
    const region = await screen.findByRole('region', {
      name: 'Project description',
    });
    expect(
      await within(region).findByRole('heading', { name: 'Acme utils' }),
    ).toBeInTheDocument();
    expect(within(region).getByText('bold').tagName).toBe('STRONG');
    expect(within(region).getByRole('link', { name: /^link/ })).toHaveAttribute(
      'href',
      'https://example.com/docs',
    );
    expect(within(region).getByRole('table')).toBeInTheDocument();
    expect(region.querySelector('script')).toBeNull();
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
    const image = within(region).getByRole('img', { name: 'tracker' });
    expect(image.getAttribute('src') ?? '').not.toMatch(/tracker\.example/);
  });

  it('shows reStructuredText and plain descriptions as preformatted text', async () => {
    const api = mockPypiApi({
      getVersion: jest.fn(async ref =>
        versionDetails(ref.version, {
          coreMetadata: {
            description: 'Title\n=====\n\n.. code:: python\n\n   x = 1',
            descriptionContentType: null,
          },
        }),
      ),
    });
    await renderPypi(<Harness />, { api });
    fireEvent.click(await screen.findByRole('tab', { name: 'Description' }));
    const region = await screen.findByRole('region', {
      name: 'Project description',
    });
    const pre = region.querySelector('pre')!;
    expect(pre).toHaveAttribute('data-format', 'rst');
    expect(pre.textContent).toContain('.. code:: python');
  });

  it('links people to the catalog with their display names, and lists the entities annotated with the package', async () => {
    const jane: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'jane', namespace: 'default' },
      spec: { profile: { displayName: 'Jane Doe' } },
    };
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'mylib-service',
        namespace: 'default',
        annotations: { 'wheelhouse.dev/pypi-package': 'MyLib' },
      },
      spec: { type: 'library', owner: 'jane', lifecycle: 'production' },
    };
    const elsewhere: Entity = {
      ...component,
      metadata: {
        name: 'other-repo',
        namespace: 'default',
        annotations: {
          'wheelhouse.dev/pypi-package': 'mylib',
          'wheelhouse.dev/pypi-repository': 'ml-models',
        },
      },
    };
    const api = mockPypiApi();
    await renderPypi(<Harness />, {
      api,
      catalog: [jane, component, elsewhere],
    });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    const uploader = await within(row(info, 'Uploader')).findByRole('link', {
      name: /Jane Doe/,
    });
    expect(uploader).toHaveAttribute('href', '/catalog/default/user/jane');
    expect(row(info, 'Uploader')).toHaveTextContent('via token ci');
    const entities = await within(row(info, 'Catalog entities')).findByRole(
      'list',
      {
        name: 'Catalog entities',
      },
    );
    const links = within(entities).getAllByRole('link');
    expect(links.map(link => link.getAttribute('href'))).toEqual([
      '/catalog/default/component/mylib-service',
    ]);
  });

  it('says so when the app has no catalog', async () => {
    await renderPypi(<Harness />, { api: mockPypiApi() });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    expect(row(info, 'Catalog entities')).toHaveTextContent(
      'This portal has no software catalog.',
    );
  });

  it('links Project-URL values (http and https only)', async () => {
    const api = mockPypiApi({
      getVersion: jest.fn(async ref =>
        versionDetails(ref.version, {
          coreMetadata: {
            projectUrls: {
              Source: 'https://example.com/mylib',
              // eslint-disable-next-line no-script-url -- the input the page must not turn into a link
              Evil: 'javascript:alert(1)',
            },
          },
        }),
      ),
    });
    await renderPypi(<Harness />, { api });
    fireEvent.click(await screen.findByRole('tab', { name: 'Metadata' }));
    const core = await screen.findByRole('table', { name: 'Core Metadata' });
    expect(within(core).getByRole('link', { name: /example/ })).toHaveAttribute(
      'href',
      'https://example.com/mylib',
    );
    expect(within(core).queryByRole('link', { name: /javascript/ })).toBeNull();
    expect(core).toHaveTextContent('Evil: javascript:alert(1)');
  });

  it('adds, moves and removes tags when allowed, and offers nothing to change otherwise', async () => {
    const api = mockPypiApi();
    const { toastApi } = await renderPypi(<Harness />, { api });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    const tags = row(info, 'Tags');
    fireEvent.change(within(tags).getByLabelText('Tag name'), {
      target: { value: 'stable' },
    });
    // stable points at 1.0.0: setting it here moves it.
    expect(
      within(tags).getByText('Moves stable from 1.0.0'),
    ).toBeInTheDocument();
    fireEvent.click(
      within(tags).getByRole('button', { name: 'Move tag here' }),
    );
    await waitFor(() =>
      expect(api.setTag).toHaveBeenCalledWith(
        { repository: 'default', name: 'mylib', version: '1.1.0' },
        'stable',
      ),
    );
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Tag stable now points at 1.1.0',
        status: 'success',
      }),
    );
    const chip = within(tags).getByLabelText('Tag stable: 1.0.0');
    fireEvent.click(chip.querySelector('svg')!);
    await waitFor(() =>
      expect(api.removeTag).toHaveBeenCalledWith('default', 'mylib', 'stable'),
    );
  });

  it('offers no tag editing without the metadata permission', async () => {
    await renderPypi(<Harness />, {
      api: mockPypiApi(),
      deny: ['pypi.metadata.update'],
    });
    const info = await screen.findByRole('table', {
      name: 'Artifact Information',
    });
    expect(within(row(info, 'Tags')).queryByLabelText('Tag name')).toBeNull();
    expect(
      within(row(info, 'Tags')).getByText('stable: 1.0.0'),
    ).toBeInTheDocument();
  });
});
