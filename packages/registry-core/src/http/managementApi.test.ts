import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import {
  DistributionSpec,
  makeSdist,
  makeWheel,
} from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

/** Browsing, download statistics and the set-up guide of the management API. */
describe.each(TEST_DATABASES)('management API: browse on %s', kind => {
  let test: TestServer;
  let work: string;
  let builds = 0;

  beforeAll(async () => {
    test = await startTestServer(kind);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-management-'));
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** A JSON call to /api/v1 as the admin unless told otherwise (`token: null` is anonymous). */
  const api = async (
    method: string,
    url: string,
    options: { token?: string | null; body?: unknown } = {},
  ) => {
    const token =
      options.token === undefined ? test.tokens.admin : options.token;
    const headers: Record<string, string> = token
      ? { authorization: test.auth(token) }
      : {};
    if (options.body !== undefined)
      headers['content-type'] = 'application/json';
    const response = await fetch(`${test.url}/api/v1${url}`, {
      method,
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const pkg = (name: string, rest = '') =>
    `/repositories/default/packages/${name}${rest}`;

  /** Builds and uploads a real distribution as the publisher; returns its path. */
  const publish = async (
    spec: DistributionSpec & { sdist?: boolean },
    repository = 'default',
  ) => {
    const file = (spec.sdist ? makeSdist : makeWheel)(
      path.join(work, String(builds++)),
      spec,
    );
    const response = await uploadFile(test, file, {
      fields: { name: spec.name },
      repository,
    });
    expect(response.status).toBe(200);
    return file;
  };
  const sha256 = (file: string) =>
    crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const size = (file: string) => fs.statSync(file).size;

  describe('GET /api/v1/repositories', () => {
    it('shows a token every repository it may read, and a limited token only its own', async () => {
      const admin = await api('GET', '/repositories');
      expect(admin.status).toBe(200);
      expect(
        admin.body.items.map((repo: { name: string }) => repo.name),
      ).toEqual(['default', 'private']);
      expect(admin.body.items).toEqual([
        expect.objectContaining({ name: 'default', anonymousRead: true }),
        expect.objectContaining({ name: 'private', anonymousRead: false }),
      ]);
      const limited = await api('GET', '/repositories', {
        token: test.tokens.otherRepo,
      });
      expect(
        limited.body.items.map((repo: { name: string }) => repo.name),
      ).toEqual(['private']);
    });

    it('shows anonymous callers only the repositories open to anonymous reads', async () => {
      const anonymous = await api('GET', '/repositories', { token: null });
      expect(anonymous.status).toBe(200);
      expect(
        anonymous.body.items.map((repo: { name: string }) => repo.name),
      ).toEqual(['default']);
    });

    it('guards repository-scoped reads: 401 anonymous on a private repository, 403 for another repository, 404 unknown', async () => {
      expect(
        (await api('GET', '/repositories/private/packages', { token: null }))
          .status,
      ).toBe(401);
      expect(
        (
          await api('GET', '/repositories/default/packages', {
            token: test.tokens.otherRepo,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await api('GET', '/repositories/private/packages', {
            token: test.tokens.otherRepo,
          })
        ).status,
      ).toBe(200);
      const unknown = await api('GET', '/repositories/nope/packages');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/Repository nope not found/);
    });
  });

  describe('GET .../packages (project list)', () => {
    type Item = {
      name: string;
      latestVersion: string;
      versionCount: number;
      totalDownloads: number;
      totalSize: number;
      tags: { tag: string }[];
    };
    const files: Record<string, string[]> = {
      'srt-alpha': [],
      'srt-beta': [],
      'srt-gamma': [],
    };
    const list = async (query: string) => {
      const response = await api(
        'GET',
        `/repositories/default/packages?search=srt-&${query}`,
        { token: test.tokens.reader },
      );
      expect(response.status).toBe(200);
      return response.body as {
        items: Item[];
        total: number;
        offset: number;
        limit: number;
      };
    };
    const names = async (query: string) =>
      (await list(query)).items.map(item => item.name);

    beforeAll(async () => {
      // Upload order makes alpha the most recently updated, then gamma, then beta.
      files['srt-beta'].push(
        await publish({ name: 'srt-beta', version: '2.1' }),
      );
      files['srt-beta'].push(
        await publish({ name: 'srt-beta', version: '2.1', sdist: true }),
      );
      files['srt-gamma'].push(
        await publish({ name: 'srt-gamma', version: '1.5rc1' }),
      );
      files['srt-gamma'].push(
        await publish({ name: 'srt-gamma', version: '1.5' }),
      );
      // 10.3 > 2.7 under PEP 440 but not as text.
      for (const version of ['2.7', '10.3', '1.2'])
        files['srt-alpha'].push(await publish({ name: 'srt-alpha', version }));
      // Downloads: gamma 3, beta 1, alpha 0.
      const download = async (name: string, times: number) => {
        const page = (await (
          await fetch(`${test.url}/default/simple/${name}/`, {
            headers: { accept: SIMPLE_JSON },
          })
        ).json()) as { files: { filename: string; url: string }[] };
        for (let i = 0; i < times; i++) {
          const response = await fetch(
            new URL(page.files[0].url, `${test.url}/default/simple/${name}/`),
          );
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
      };
      await download('srt-gamma', 3);
      await download('srt-beta', 1);
      await test.server.registry.downloadCounter.flush();
      const tagged = await api('PUT', pkg('srt-alpha', '/tags/stable'), {
        body: { version: '2.7' },
      });
      if (tagged.status !== 200)
        throw new Error(`setup tagging answered ${tagged.status}`);
    });

    it('lists projects with their latest version, counts, totals and tags', async () => {
      const result = await list('');
      expect(result).toMatchObject({ total: 3, offset: 0, limit: 20 });
      const byName = Object.fromEntries(
        result.items.map(item => [item.name, item]),
      );
      expect(byName['srt-alpha']).toMatchObject({
        latestVersion: '10.3',
        versionCount: 3,
        totalDownloads: 0,
      });
      expect(byName['srt-alpha'].tags).toEqual([
        expect.objectContaining({
          tag: 'stable',
          version: '2.7',
          createdBy: 'token:admin',
        }),
      ]);
      expect(byName['srt-beta']).toMatchObject({
        latestVersion: '2.1',
        versionCount: 1,
        totalDownloads: 1,
        tags: [],
      });
      expect(byName['srt-gamma']).toMatchObject({
        latestVersion: '1.5',
        versionCount: 2,
        totalDownloads: 3,
      });
      for (const [name, uploaded] of Object.entries(files)) {
        expect(byName[name].totalSize).toBe(
          uploaded.reduce((total, file) => total + size(file), 0),
        );
      }
    });

    it.each([
      ['name', '', ['srt-alpha', 'srt-beta', 'srt-gamma']],
      ['name', 'desc', ['srt-gamma', 'srt-beta', 'srt-alpha']],
      ['latest', '', ['srt-alpha', 'srt-beta', 'srt-gamma']],
      ['latest', 'asc', ['srt-gamma', 'srt-beta', 'srt-alpha']],
      ['versions', '', ['srt-alpha', 'srt-gamma', 'srt-beta']],
      ['downloads', '', ['srt-gamma', 'srt-beta', 'srt-alpha']],
      ['updated', '', ['srt-alpha', 'srt-gamma', 'srt-beta']],
      ['updated', 'asc', ['srt-beta', 'srt-gamma', 'srt-alpha']],
    ])('sorts by %s %s', async (sort, order, expected) => {
      expect(
        await names(`sort=${sort}${order ? `&order=${order}` : ''}`),
      ).toEqual(expected);
    });

    it('sorts by total size, largest first unless asked otherwise', async () => {
      const items = (await list('sort=size')).items;
      const sizes = items.map(item => item.totalSize);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      const ascending = (await list('sort=size&order=asc')).items.map(
        item => item.totalSize,
      );
      expect(ascending).toEqual([...sizes].reverse());
    });

    it('pages with offset and limit, keeping the total', async () => {
      expect(await list('limit=2')).toMatchObject({
        total: 3,
        limit: 2,
        items: [{ name: 'srt-alpha' }, { name: 'srt-beta' }],
      });
      expect(await list('limit=2&offset=2')).toMatchObject({
        total: 3,
        offset: 2,
        items: [{ name: 'srt-gamma' }],
      });
      expect(await list('offset=3')).toMatchObject({ total: 3, items: [] });
    });

    it('searches by normalised name substring', async () => {
      const response = await api(
        'GET',
        '/repositories/default/packages?search=SRT_Be',
      );
      expect(response.body).toMatchObject({
        total: 1,
        items: [{ name: 'srt-beta' }],
      });
      expect(
        (await api('GET', '/repositories/default/packages?search=%25')).body
          .total,
      ).toBe(0);
      expect(
        (
          await api(
            'GET',
            '/repositories/default/packages?search=no-such-thing',
          )
        ).body,
      ).toMatchObject({ total: 0, items: [] });
    });

    it.each([
      'sort=popularity',
      'order=up',
      'limit=0',
      'limit=201',
      'limit=abc',
      'offset=-1',
      'offset=1.5',
    ])('answers 400 for %s', async query => {
      const response = await api(
        'GET',
        `/repositories/default/packages?${query}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
    });
  });

  describe('project and version details', () => {
    let wheel: string;
    let sdist: string;
    beforeAll(async () => {
      const first = {
        name: 'detail-pkg',
        version: '1.0.0',
        summary: 'First release',
        requiresPython: '>=3.8',
        headers: [
          'Requires-Dist: requests>=2',
          'License: MIT',
          'Project-URL: Source, https://example.com/src',
        ],
      };
      wheel = await publish(first);
      sdist = await publish({ ...first, sdist: true });
      await publish({ name: 'detail-pkg', version: '1.2.0' });
      await publish({
        name: 'detail-pkg',
        version: '1.10.0',
        summary: 'Newest',
      });
    });

    it('lists versions newest first (PEP 440 order) with their status', async () => {
      const response = await api('GET', pkg('Detail_Pkg'), { token: null });
      expect(response.status).toBe(200);
      const project = response.body;
      expect(project).toMatchObject({
        name: 'detail-pkg',
        displayName: 'detail-pkg',
        versionCount: 3,
      });
      expect(
        project.versions.map((v: { version: string }) => v.version),
      ).toEqual(['1.10.0', '1.2.0', '1.0.0']);
      expect(project.versions.map((v: { status: string }) => v.status)).toEqual(
        ['active', 'active', 'active'],
      );
      expect(
        project.versions.map((v: { fileCount: number }) => v.fileCount),
      ).toEqual([1, 1, 2]);
      expect(project.versions[0]).toMatchObject({
        summary: 'Newest',
        yanked: false,
      });
      expect(project.latestVersion).toBe('1.10.0');
    });

    it('shows a version with its files, core metadata, custom metadata and tags', async () => {
      const response = await api('GET', pkg('detail-pkg', '/versions/1.0.0'), {
        token: test.tokens.reader,
      });
      expect(response.status).toBe(200);
      const version = response.body;
      expect(version).toMatchObject({
        project: { name: 'detail-pkg' },
        version: '1.0.0',
        status: 'active',
        yanked: false,
        summary: 'First release',
        requiresPython: '>=3.8',
        uploadedBy: 'token:publisher',
        fileCount: 2,
        size: size(wheel) + size(sdist),
        customMetadata: [],
        tags: [],
      });
      const byName = Object.fromEntries(
        version.files.map((file: { filename: string }) => [
          file.filename,
          file,
        ]),
      );
      expect(byName[path.basename(wheel)]).toMatchObject({
        filetype: 'bdist_wheel',
        sha256: sha256(wheel),
        size: size(wheel),
        uploadedBy: 'token:publisher',
        requiresPython: '>=3.8',
        hasMetadata: true,
        downloads: 0,
      });
      expect(byName[path.basename(sdist)]).toMatchObject({
        filetype: 'sdist',
        sha256: sha256(sdist),
        size: size(sdist),
      });
      expect(version.coreMetadata).toMatchObject({
        name: 'detail-pkg',
        version: '1.0.0',
        summary: 'First release',
        requiresPython: '>=3.8',
        requiresDist: ['requests>=2'],
        license: 'MIT',
        projectUrls: { Source: 'https://example.com/src' },
      });
    });

    it('resolves any PEP 440 spelling of a version, and latest to the newest', async () => {
      for (const spelling of ['1.0', '1', 'v1.0.0', '1.0.0.0']) {
        const response = await api(
          'GET',
          pkg('detail-pkg', `/versions/${spelling}`),
        );
        expect(response.status).toBe(200);
        expect(response.body.version).toBe('1.0.0');
      }
      const latest = await api('GET', pkg('detail-pkg', '/versions/latest'));
      expect(latest.body).toMatchObject({
        version: '1.10.0',
        summary: 'Newest',
      });
    });

    it('answers 404 for an unknown package or version and 400 for an invalid version', async () => {
      const missing = await api('GET', pkg('detail-pkg', '/versions/3.0'));
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toMatch(
        /Version 3.0 of detail-pkg not found/,
      );
      expect((await api('GET', pkg('no-such-pkg'))).status).toBe(404);
      expect(
        (await api('GET', pkg('no-such-pkg', '/versions/latest'))).status,
      ).toBe(404);
      expect(
        (await api('GET', pkg('detail-pkg', '/versions/not.a.version'))).status,
      ).toBe(400);
    });
  });

  describe('download statistics', () => {
    it('counts downloads per day, per version, and in the project totals', async () => {
      await publish({ name: 'dl-pkg', version: '1.1' });
      await publish({ name: 'dl-pkg', version: '2.1' });
      const page = (await (
        await fetch(`${test.url}/default/simple/dl-pkg/`, {
          headers: { accept: SIMPLE_JSON },
        })
      ).json()) as { files: { filename: string; url: string }[] };
      const url = (version: string) =>
        new URL(
          page.files.find((file: { filename: string }) =>
            file.filename.includes(`-${version}-`),
          )!.url,
          `${test.url}/default/simple/dl-pkg/`,
        );
      for (const [version, times] of [
        ['1.1', 3],
        ['2.1', 1],
      ] as const) {
        for (let i = 0; i < times; i++) {
          const response = await fetch(url(version));
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
      }
      await test.server.registry.downloadCounter.flush();

      const today = new Date().toISOString().slice(0, 10);
      const stats = await api('GET', pkg('dl-pkg', '/downloads?days=7'), {
        token: null,
      });
      expect(stats.status).toBe(200);
      expect(stats.body.days).toBe(7);
      expect(stats.body.series).toHaveLength(7);
      expect(stats.body.series[6]).toEqual({ day: today, count: 4 });
      expect(
        stats.body.series
          .slice(0, 6)
          .every((entry: { count: number }) => entry.count === 0),
      ).toBe(true);
      const perVersion = await api(
        'GET',
        pkg('dl-pkg', '/downloads?days=1&version=1.1.0'),
      );
      expect(perVersion.body.series).toEqual([{ day: today, count: 3 }]);
      expect((await api('GET', pkg('dl-pkg'))).body).toMatchObject({
        totalDownloads: 4,
      });
      expect(
        (await api('GET', pkg('dl-pkg', '/versions/1.1'))).body,
      ).toMatchObject({ downloads: 3, files: [{ downloads: 3 }] });
      const listed = await api(
        'GET',
        '/repositories/default/packages?search=dl-pkg',
      );
      expect(listed.body.items).toEqual([
        expect.objectContaining({ name: 'dl-pkg', totalDownloads: 4 }),
      ]);
      for (const days of ['0', '367', 'x'])
        expect(
          (await api('GET', pkg('dl-pkg', `/downloads?days=${days}`))).status,
        ).toBe(400);
      expect(
        (await api('GET', pkg('dl-pkg', '/downloads?version=9.9'))).status,
      ).toBe(404);
    });
  });

  describe('set-up guide', () => {
    it('fills in the repository URLs for .pypirc, twine and pip', async () => {
      const response = await api('GET', '/repositories/default/guide', {
        token: null,
      });
      expect(response.status).toBe(200);
      const guide = response.body;
      const uploadUrl = `${test.url}/default/`;
      const indexUrl = `${test.url}/default/simple/`;
      expect(guide).toMatchObject({
        repository: 'default',
        uploadUrl,
        indexUrl,
      });
      expect(guide.push.pypirc).toContain('[distutils]');
      expect(guide.push.pypirc).toContain('[wheelhouse-default]');
      expect(guide.push.pypirc).toContain(`repository = ${uploadUrl}`);
      expect(guide.push.pypirc).toContain('username = __token__');
      expect(guide.push.twineWithConfig).toBe(
        'twine upload --repository wheelhouse-default dist/*',
      );
      expect(guide.push.twineInline).toBe(
        `twine upload --repository-url ${uploadUrl} -u __token__ -p <your API token> dist/*`,
      );
      expect(guide.pull.pipConf).toContain('[global]');
      expect(guide.pull.pipConf).toContain(`index-url = ${indexUrl}`);
      expect(guide.pull.pipConf).toContain('trusted-host = 127.0.0.1');
      expect(guide.pull.pipInstall).toBe(
        `pip install --index-url ${indexUrl} <package>`,
      );

      const named = await api(
        'GET',
        '/repositories/private/guide?username=alice',
        { token: test.tokens.reader },
      );
      expect(named.body.push.pypirc).toContain(
        `repository = ${test.url}/private/`,
      );
      expect(named.body.push.twineInline).toContain('-u alice -p');
      expect(
        (await api('GET', '/repositories/private/guide', { token: null }))
          .status,
      ).toBe(401);
    });
  });
});
