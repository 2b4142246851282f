import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockPypiApi, versionDetails, XSS } from '../../__testutils__/fixtures';
import { renderPypi } from '../../__testutils__/renderPypi';
import { ProvenanceCard } from './ProvenanceCard';
import { TrustedPublishersSection } from './TrustedPublishersSection';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const provenance = {
  issuer: 'https://token.actions.githubusercontent.com',
  repository: 'acme/demo',
  repositoryOwnerId: '4242',
  jobWorkflowRef: 'acme/demo/.github/workflows/release.yml@refs/tags/v1.1.0',
  sha: SHA,
  ref: 'refs/tags/v1.1.0',
  eventName: 'push',
  environment: 'pypi',
  runId: '987',
  runAttempt: '2',
  runnerEnvironment: 'github-hosted',
  links: {
    repository: 'https://github.com/acme/demo',
    commit: `https://github.com/acme/demo/commit/${SHA}`,
    workflow: `https://github.com/acme/demo/blob/${SHA}/.github/workflows/release.yml`,
    run: 'https://github.com/acme/demo/actions/runs/987/attempts/2',
  },
  verifiedAt: '2026-01-01T10:00:00.000Z',
};
const ref = { repository: 'default', name: 'mylib', version: '1.1.0' };

describe('ProvenanceCard', () => {
  it('shows verified provenance with links, and github.* metadata as unverified labels', async () => {
    const api = mockPypiApi({
      getProvenance: jest.fn(async () => ({
        version: '1.1.0',
        files: [
          { filename: 'mylib-1.1.0-py3-none-any.whl', sha256: 'a', provenance },
          { filename: 'mylib-1.1.0.tar.gz', sha256: 'b', provenance: null },
        ],
      })),
    });
    const details = versionDetails('1.1.0', {
      customMetadata: [
        {
          key: 'github.sha',
          value: 'fff',
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
        { key: 'team', value: 'ml', updatedAt: '2026-01-01T00:00:00.000Z' },
      ],
    });
    await renderPypi(<ProvenanceCard versionRef={ref} details={details} />, {
      api,
    });
    const card = await screen.findByTestId('provenance');
    // Backstage's external links add "Opens in a new window" for screen readers.
    await waitFor(() =>
      expect(
        card.textContent?.replace(/, Opens in a new window/g, ''),
      ).toContain(
        'Published by GitHub Actions — acme/demo, workflow .github/workflows/release.yml, commit a1b2c3d4e5f6, run 987 (attempt 2) verified',
      ),
    );
    expect(within(card).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      'https://github.com/acme/demo',
    );
    expect(
      within(card).getByRole('link', { name: /a1b2c3d4e5f6/ }),
    ).toHaveAttribute('href', provenance.links.commit);
    expect(
      within(card).getByRole('link', { name: /987 \(attempt 2\)/ }),
    ).toHaveAttribute('href', provenance.links.run);
    expect(card).toHaveTextContent(
      '1 of 2 files were not uploaded by trusted publishing: mylib-1.1.0.tar.gz',
    );
    const labels = screen.getByTestId('unverified-labels');
    expect(labels).toHaveTextContent('unverified');
    expect(labels).toHaveTextContent('github.sha');
    expect(labels).toHaveTextContent('fff');
    expect(labels).not.toHaveTextContent('team');
  });

  it('says when a version has no verified provenance, and shows claims as text only', async () => {
    const api = mockPypiApi();
    await renderPypi(
      <ProvenanceCard versionRef={ref} details={versionDetails('1.1.0')} />,
      { api },
    );
    expect(
      await screen.findByText(/No verified provenance/),
    ).toBeInTheDocument();

    const hostile = {
      ...provenance,
      repository: XSS,
      // eslint-disable-next-line no-script-url -- the attack under test
      links: { ...provenance.links, repository: 'javascript:alert(1)' },
    };
    const api2 = mockPypiApi({
      getProvenance: jest.fn(async () => ({
        version: '1.1.0',
        files: [{ filename: 'x.whl', sha256: 'a', provenance: hostile }],
      })),
    });
    const { container } = await renderPypi(
      <ProvenanceCard versionRef={ref} details={versionDetails('1.1.0')} />,
      { api: api2 },
    );
    await waitFor(() => expect(container).toHaveTextContent(XSS));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });
});

describe('TrustedPublishersSection', () => {
  const publisher = {
    id: 'p1',
    repository: 'default',
    project: 'mylib',
    pending: false,
    provider: 'github' as const,
    repositoryOwner: 'acme',
    repositoryOwnerId: '4242',
    repositoryName: 'demo',
    githubRepository: 'acme/demo',
    workflow: 'release.yml',
    environment: 'pypi',
    source: 'api' as const,
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  it('lists publishers, and lets admins add and remove them', async () => {
    const api = mockPypiApi({
      listTrustedPublishers: jest.fn(async () => [publisher]),
    });
    await renderPypi(
      <TrustedPublishersSection repository="default" project="mylib" />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Trusted publishers',
    });
    expect(table).toHaveTextContent('acme/demo (owner id 4242)');
    expect(table).toHaveTextContent('release.yml');
    expect(table).toHaveTextContent('pypi');
    expect(api.listTrustedPublishers).toHaveBeenCalledWith('default', 'mylib');

    fireEvent.click(await screen.findByText('Add trusted publisher'));
    const dialog = await screen.findByRole('dialog');
    const type = (label: string, value: string) =>
      fireEvent.change(within(dialog).getByLabelText(label), {
        target: { value },
      });
    type('GitHub owner', 'acme');
    type('Owner id', '4242');
    type('GitHub repository', 'demo');
    type('Workflow file', 'nightly.yml');
    type('Ref pattern (optional)', 'refs/tags/v*');
    fireEvent.click(within(dialog).getByText('Add'));
    await waitFor(() =>
      expect(api.addTrustedPublisher).toHaveBeenCalledWith('default', {
        project: 'mylib',
        repositoryOwner: 'acme',
        repositoryOwnerId: '4242',
        repositoryName: 'demo',
        workflow: 'nightly.yml',
        refPattern: 'refs/tags/v*',
      }),
    );

    fireEvent.click(within(table).getByText('Remove'));
    await waitFor(() =>
      expect(api.removeTrustedPublisher).toHaveBeenCalledWith('default', 'p1'),
    );
  });

  it('offers no changes without the admin permission', async () => {
    const api = mockPypiApi({
      listTrustedPublishers: jest.fn(async () => [publisher]),
    });
    await renderPypi(
      <TrustedPublishersSection repository="default" project="mylib" />,
      { api, deny: ['pypi.admin'] },
    );
    await screen.findByRole('table', { name: 'Trusted publishers' });
    expect(screen.queryByText('Add trusted publisher')).toBeNull();
    expect(screen.queryByText('Remove')).toBeNull();
  });
});
