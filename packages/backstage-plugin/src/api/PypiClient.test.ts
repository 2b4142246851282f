import { PypiApiError } from './PypiApiError';
import { PypiClient } from './PypiClient';

const BASE = 'http://portal.example/api/pypi';

function client(
  answer: (url: string, init?: RequestInit) => Response = () => json({}),
) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) =>
    answer(url, init),
  );
  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
  return {
    pypi: new PypiClient({ discoveryApi, fetchApi: { fetch: fetch as never } }),
    fetch,
    discoveryApi,
  };
}

function json(body: unknown, status = 200, statusText = 'OK'): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

const ref = { repository: 'default', name: 'my lib', version: '1.0.0+local' };

describe('PypiClient', () => {
  it('finds the backend with discovery and lists artifacts with the query', async () => {
    const { pypi, fetch, discoveryApi } = client(() =>
      json({ items: [], total: 0, offset: 20, limit: 20 }),
    );
    await pypi.listArtifacts('default', {
      search: 'lib',
      sort: 'downloads',
      order: 'desc',
      offset: 20,
      limit: 20,
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('pypi');
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/api/v1/repositories/default/packages?search=lib&sort=downloads&order=desc&offset=20&limit=20`,
    );
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'GET' });
  });

  it('leaves out an empty search', async () => {
    const { pypi, fetch } = client(() => json({ items: [] }));
    await pypi.listArtifacts('default', { search: '' });
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/api/v1/repositories/default/packages`,
    );
  });

  it('sends every version action to its endpoint, with names and versions escaped', async () => {
    const { pypi, fetch } = client(() => json({ items: [] }));
    const version = `${BASE}/api/v1/repositories/default/packages/my%20lib/versions/1.0.0%2Blocal`;
    const calls: [() => Promise<unknown>, string, string, unknown][] = [
      [() => pypi.getVersion(ref), 'GET', version, undefined],
      [
        () => pypi.disableVersion(ref, 'CVE-2026-1'),
        'POST',
        `${version}/disable`,
        { reason: 'CVE-2026-1' },
      ],
      [() => pypi.enableVersion(ref), 'POST', `${version}/enable`, {}],
      [
        () => pypi.deleteVersion(ref, 'mistake'),
        'DELETE',
        version,
        { reason: 'mistake' },
      ],
      [
        () => pypi.updateMetadata(ref, { set: { a: '1' }, remove: ['b'] }),
        'PATCH',
        `${version}/metadata`,
        { set: { a: '1' }, remove: ['b'] },
      ],
      [
        () => pypi.setTag(ref, 'stable/1'),
        'PUT',
        `${BASE}/api/v1/repositories/default/packages/my%20lib/tags/stable%2F1`,
        { version: '1.0.0+local' },
      ],
      [
        () => pypi.removeTag('default', 'my lib', 'stable'),
        'DELETE',
        `${BASE}/api/v1/repositories/default/packages/my%20lib/tags/stable`,
        undefined,
      ],
      [
        () => pypi.restoreVersion(ref),
        'POST',
        `${BASE}/api/v1/repositories/default/recycle-bin/my%20lib/1.0.0%2Blocal/restore`,
        {},
      ],
      [
        () => pypi.purgeVersion(ref),
        'DELETE',
        `${BASE}/api/v1/repositories/default/recycle-bin/my%20lib/1.0.0%2Blocal`,
        undefined,
      ],
      [
        () => pypi.getRecycleBin('default'),
        'GET',
        `${BASE}/api/v1/repositories/default/recycle-bin`,
        undefined,
      ],
      [
        () => pypi.getArtifact('default', 'my lib'),
        'GET',
        `${BASE}/api/v1/repositories/default/packages/my%20lib`,
        undefined,
      ],
      [
        () =>
          pypi.getDownloads('default', 'my lib', { days: 7, version: '1.0' }),
        'GET',
        `${BASE}/api/v1/repositories/default/packages/my%20lib/downloads?days=7&version=1.0`,
        undefined,
      ],
      [
        () => pypi.getGuide('default', { username: 'jane' }),
        'GET',
        `${BASE}/api/v1/repositories/default/guide?username=jane`,
        undefined,
      ],
      [
        () => pypi.getCache('default'),
        'GET',
        `${BASE}/api/v1/repositories/default/cache`,
        undefined,
      ],
      [
        () => pypi.purgeCache('default', 'my lib'),
        'POST',
        `${BASE}/api/v1/repositories/default/packages/my%20lib/cache/purge`,
        {},
      ],
      [
        () => pypi.createPersonalToken({ name: 'ci', scopes: ['publish'] }),
        'POST',
        `${BASE}/api/v1/me/tokens`,
        { name: 'ci', scopes: ['publish'] },
      ],
    ];
    for (const [call, method, url, body] of calls) {
      fetch.mockClear();
      await call();
      const [calledUrl, init] = fetch.mock.calls[0];
      expect([calledUrl, init?.method]).toEqual([url, method]);
      expect(
        init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      ).toEqual(body);
      // A JSON body is labelled as such; a request without one has no content type.
      expect(
        (init?.headers as Record<string, string> | undefined)?.['content-type'],
      ).toBe(body === undefined ? undefined : 'application/json');
    }
  });

  it('lists repositories', async () => {
    const { pypi } = client(() =>
      json({ items: [{ name: 'default', anonymousRead: true }] }),
    );
    expect(await pypi.listRepositories()).toEqual([
      { name: 'default', anonymousRead: true },
    ]);
  });

  it('turns the registry error body into a PypiApiError with status and message', async () => {
    const { pypi } = client(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message:
              'Not allowed: you lack the pypi.version.disable permission',
          },
        },
        403,
      ),
    );
    const error = await pypi.disableVersion(ref, 'x').catch(e => e);
    expect(error).toBeInstanceOf(PypiApiError);
    expect(error).toMatchObject({
      status: 403,
      errorName: 'NotAllowedError',
      message: 'Not allowed: you lack the pypi.version.disable permission',
    });
  });

  it('falls back to the status line for a body that is not JSON', async () => {
    const { pypi } = client(
      () =>
        new Response('<html>bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
        }),
    );
    await expect(pypi.getRecycleBin('default')).rejects.toMatchObject({
      status: 502,
      message: 'Bad Gateway',
    });
  });

  it('builds file URLs and downloads files with the user credentials of fetchApi', async () => {
    const { pypi, fetch } = client(() => new Response('wheel bytes'));
    const file = {
      sha256: 'ab'.repeat(32),
      filename: 'my_lib-1.0-py3-none-any.whl',
    };
    const url = `${BASE}/default/files/${file.sha256}/${file.filename}`;
    expect(await pypi.getFileUrl('default', file)).toBe(url);
    const blob = await pypi.downloadFile('default', file);
    expect(await blob.text()).toBe('wheel bytes');
    expect(fetch).toHaveBeenCalledWith(url);
  });
});
