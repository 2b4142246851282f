/**
 * Proxy and virtual repositories end to end (issue 14), with real pip and twine: a Wheelhouse under test proxies two
 * upstreams the test starts on loopback — a second Wheelhouse (PEP 691 JSON) and a static HTML-only index — and merges
 * them behind a hosted repository in a virtual one.
 *
 * Needs `npm run build`, Debian's twine and python3-build/wheel/setuptools and `python3 -m venv`.
 */
import path from 'node:path';
import { expectFailure, expectSuccess, RunResult } from '../support/exec';
import {
  buildProject,
  distFiles,
  startRegistryWithTokens,
} from '../support/fixture';
import { expectStatus, ManagementClient } from '../support/management';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { RunningRegistry } from '../support/registry';
import { startStaticIndex, StaticIndex } from '../support/staticIndex';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';
import { VenvPool } from '../support/venvPool';

jest.setTimeout(600_000);

const SPECS = [
  { name: 'pubpkg', version: '1.0.0' },
  { name: 'teamlib', version: '1.0.0' },
  { name: 'teamlib', version: '9.0.0' },
  { name: 'htmlpkg', version: '1.0.0' },
  { name: 'badpkg', version: '1.0.0' },
  { name: 'newlib', version: '0.1.0' },
];

let workDir: string;
const dists: Record<string, BuiltDists> = {};
let upstream: RunningRegistry | undefined;
let staticIndex: StaticIndex | undefined;
let registry: RunningRegistry | undefined;
let venvs: VenvPool;
let token: string;
let upstreamToken: string;

const server = () => {
  if (!registry) throw new Error('the registry did not start (see beforeAll)');
  return registry;
};
const indexOf = (repository: string) => `${server().url}/${repository}/simple/`;

async function install(
  requirement: string,
  repository = 'all',
): Promise<RunResult & { python: string }> {
  const python = await venvs.take();
  const result = await pipInstall(python, [requirement], {
    indexUrl: indexOf(repository),
  });
  return { ...result, python };
}

async function jsonApi(
  repository: string,
  project: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(
    `${server().url}/${repository}/pypi/${project}/json`,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function installedVersion(python: string, module: string) {
  return runPython(python, `import ${module}; print(${module}.__version__)`);
}

async function cache(repository: string) {
  const api = new ManagementClient(server().url, token, repository);
  return JSON.parse(
    expectStatus(await api.request('GET', `/repositories/${repository}/cache`))
      .body,
  );
}

beforeAll(async () => {
  workDir = makeTempDir('proxy');
  for (const spec of SPECS)
    dists[`${spec.name}==${spec.version}`] = await buildProject({
      dir: workDir,
      outDir: path.join(workDir, 'out', `${spec.name}-${spec.version}`),
      project: spec,
    });
  venvs = new VenvPool(path.join(workDir, 'venvs'));

  // The JSON upstream: a second Wheelhouse with the public packages, one of them named like the hosted teamlib.
  let tokens: Record<string, string>;
  ({ registry: upstream, tokens } = await startRegistryWithTokens({
    dataDir: path.join(workDir, 'upstream'),
    tokens: { upstream: ['read', 'publish'] },
  }));
  upstreamToken = tokens.upstream;
  for (const key of ['pubpkg==1.0.0', 'teamlib==9.0.0'])
    expectSuccess(
      await twineUpload({
        repositoryUrl: `${upstream.url}/default/`,
        username: '__token__',
        password: upstreamToken,
        files: distFiles(dists[key]),
      }),
      `twine upload ${key} to the upstream`,
    );

  staticIndex = await startStaticIndex({
    htmlpkg: [
      { path: dists['htmlpkg==1.0.0'].wheel },
      { path: dists['htmlpkg==1.0.0'].sdist },
    ],
    badpkg: [
      { path: dists['badpkg==1.0.0'].wheel, corrupt: true },
      { path: dists['badpkg==1.0.0'].sdist, corrupt: true },
    ],
  });

  ({ registry, tokens } = await startRegistryWithTokens({
    dataDir: path.join(workDir, 'registry'),
    tokens: { admin: ['read', 'publish', 'manage', 'admin'] },
    config: {
      repositories: [
        { name: 'team', anonymousRead: true },
        {
          name: 'pypi',
          kind: 'proxy',
          anonymousRead: true,
          upstream: {
            url: `${upstream.url}/default/simple/`,
            timeoutSeconds: 5,
          },
        },
        {
          name: 'mirror',
          kind: 'proxy',
          anonymousRead: true,
          upstream: { url: staticIndex.url, timeoutSeconds: 5, ttlSeconds: 1 },
        },
        {
          name: 'all',
          kind: 'virtual',
          anonymousRead: true,
          members: ['team', 'pypi', 'mirror'],
          uploadTo: 'team',
        },
      ],
    },
  }));
  token = tokens.admin;
  expectSuccess(
    await twineUpload({
      repositoryUrl: `${server().url}/team/`,
      username: '__token__',
      password: token,
      files: distFiles(dists['teamlib==1.0.0']),
    }),
    'twine upload teamlib 1.0.0 to team',
  );
});

afterAll(async () => {
  await registry?.stop();
  await upstream?.stop();
  await staticIndex?.stop();
  await venvs?.drain();
  removeTempDir(workDir);
});

describe('a virtual repository over a hosted one and two proxies', () => {
  it('installs a public package through the virtual URL, fetching its files from the upstream once', async () => {
    const first = await install('pubpkg');
    expectSuccess(first, 'pip install pubpkg');
    expect(await installedVersion(first.python, 'pubpkg')).toBe('1.0.0');
    const second = await install('pubpkg');
    expectSuccess(second, 'pip install pubpkg again');
    const counters = (await cache('pypi')).counters;
    expect(counters.fileFetches).toBe(1);
    expect(counters.fileHits).toBeGreaterThanOrEqual(1);

    // The HTML-only upstream: the same, and the static server saw one request for the wheel.
    for (let round = 0; round < 2; round++) {
      const html = await install('htmlpkg');
      expectSuccess(html, 'pip install htmlpkg');
      expect(await installedVersion(html.python, 'htmlpkg')).toBe('1.0.0');
    }
    const wheel = path.basename(dists['htmlpkg==1.0.0'].wheel);
    expect(staticIndex!.requests.get(`/files/${wheel}`)).toBe(1);
  });

  it('lists the cached upstream projects in the proxy, marked cached, with where they came from', async () => {
    const api = new ManagementClient(server().url, token, 'pypi');
    const listed = JSON.parse(
      expectStatus(await api.request('GET', '/repositories/pypi/packages'))
        .body,
    );
    const pubpkg = listed.items.find(
      (item: { name: string }) => item.name === 'pubpkg',
    );
    expect(pubpkg).toMatchObject({
      cached: true,
      upstream: `${upstream!.url}/default/simple/`,
      latestVersion: '1.0.0',
    });
    expect(pubpkg.totalSize).toBeGreaterThan(0);
    const figures = await cache('pypi');
    expect(figures.files).toBeGreaterThanOrEqual(1);
    expect(figures.bytes).toBeGreaterThan(0);
  });

  it('never installs a public project named like a hosted one, unless the hosted project tracks it', async () => {
    const hosted = await install('teamlib');
    expectSuccess(hosted, 'pip install teamlib');
    expect(await installedVersion(hosted.python, 'teamlib')).toBe('1.0.0');
    const pinned = await install('teamlib==9.0.0');
    expectFailure(pinned, 'pip install teamlib==9.0.0');
    // Not downloadable through the virtual URL either, with the address taken from the proxy's own page.
    const page = await fetch(`${indexOf('pypi')}teamlib/`, {
      headers: { accept: 'application/vnd.pypi.simple.v1+json' },
    });
    const { files } = (await page.json()) as {
      files: { url: string; filename: string }[];
    };
    const attack = files.find(file => file.filename.endsWith('.whl'))!;
    const sha = /files\/([0-9a-f]{64})\//.exec(attack.url)![1];
    const direct = await fetch(
      `${server().url}/all/files/${sha}/${attack.filename}`,
    );
    expect(direct.status).toBe(404);
    // Renovate, Dependabot and pip-audit read the PyPI JSON API through the same URL: it hides 9.0.0 there too.
    expect(await jsonApi('all', 'teamlib')).toMatchObject({
      info: { version: '1.0.0' },
      releases: { '1.0.0': expect.any(Array) },
    });
    expect(
      Object.keys((await jsonApi('all', 'teamlib')).releases as object),
    ).toEqual(['1.0.0']);
    expect(await jsonApi('pypi', 'teamlib')).toMatchObject({
      info: { version: '9.0.0' },
    });

    const api = new ManagementClient(server().url, token, 'team');
    expectStatus(
      await api.request('PUT', '/repositories/team/packages/teamlib/tracks', {
        tracks: [`${upstream!.url}/default/simple/teamlib/`],
      }),
    );
    const merged = await fetch(`${indexOf('all')}teamlib/`, {
      headers: { accept: 'application/vnd.pypi.simple.v1+json' },
    });
    const body = (await merged.json()) as Record<string, unknown>;
    expect(body.meta).toEqual({
      'api-version': '1.2',
      tracks: [`${upstream!.url}/default/simple/teamlib/`],
    });
    expect(body['alternate-locations']).toEqual([
      `${upstream!.url}/default/simple/teamlib/`,
    ]);
    const tracked = await install('teamlib');
    expectSuccess(tracked, 'pip install teamlib with tracks');
    expect(await installedVersion(tracked.python, 'teamlib')).toBe('9.0.0');
    expect(await jsonApi('all', 'teamlib')).toMatchObject({
      info: { version: '9.0.0' },
    });

    // Unset, the hosted project shadows the public one again.
    expectStatus(
      await api.request('PUT', '/repositories/team/packages/teamlib/tracks', {
        tracks: [],
      }),
    );
    const untracked = await install('teamlib');
    expectSuccess(untracked, 'pip install teamlib once tracks is unset');
    expect(await installedVersion(untracked.python, 'teamlib')).toBe('1.0.0');
    expectFailure(
      await install('teamlib==9.0.0'),
      'pip install teamlib==9.0.0 once tracks is unset',
    );
  });

  it('installs a project again after its cache purge, fetching its file from the upstream once more', async () => {
    const api = new ManagementClient(server().url, token, 'pypi');
    const before = await cache('pypi');
    const purged = JSON.parse(
      expectStatus(
        await api.request(
          'POST',
          '/repositories/pypi/packages/pubpkg/cache/purge',
          {},
        ),
      ).body,
    );
    expect(purged).toMatchObject({ page: true, versions: 1 });
    expect((await cache('pypi')).files).toBeLessThan(before.files);
    for (let round = 0; round < 2; round++) {
      const result = await install('pubpkg');
      expectSuccess(result, `pip install pubpkg after the purge (${round})`);
      expect(await installedVersion(result.python, 'pubpkg')).toBe('1.0.0');
    }
    expect((await cache('pypi')).counters.fileFetches).toBe(
      before.counters.fileFetches + 1,
    );
  });

  it('refuses a corrupted upstream file and stores nothing of it', async () => {
    const result = await install('badpkg');
    expectFailure(result, 'pip install badpkg');
    const figures = await cache('mirror');
    expect(figures.counters.hashMismatches).toBeGreaterThanOrEqual(1);
    const api = new ManagementClient(server().url, token, 'mirror');
    const listed = JSON.parse(
      expectStatus(await api.request('GET', '/repositories/mirror/packages'))
        .body,
    );
    expect(
      listed.items.map((item: { name: string }) => item.name),
    ).not.toContain('badpkg');
    // Asked again, it is fetched and refused again: never served from a store.
    const again = await install('badpkg');
    expectFailure(again, 'pip install badpkg again');
  });

  it('does not install a cached version disabled in the proxy', async () => {
    const api = new ManagementClient(server().url, token, 'pypi');
    expectStatus(
      await api.disableVersion('pubpkg', '1.0.0', 'blocked for everyone'),
    );
    const pinned = await install('pubpkg==1.0.0');
    expectFailure(pinned, 'pip install pubpkg==1.0.0 while disabled');
    expect(pinned.stdout + pinned.stderr).toMatch(/blocked for everyone/);
    expectStatus(await api.enableVersion('pubpkg', '1.0.0'));
  });

  it('uploads with twine to the virtual URL into its hosted member', async () => {
    expectSuccess(
      await twineUpload({
        repositoryUrl: `${server().url}/all/`,
        username: '__token__',
        password: token,
        files: [dists['newlib==0.1.0'].wheel, dists['newlib==0.1.0'].sdist],
      }),
      'twine upload to the virtual URL',
    );
    const api = new ManagementClient(server().url, token, 'team');
    expectStatus(
      await api.request('GET', '/repositories/team/packages/newlib'),
    );
    const refused = await twineUpload({
      repositoryUrl: `${server().url}/pypi/`,
      username: '__token__',
      password: token,
      files: [dists['newlib==0.1.0'].wheel],
    });
    expectFailure(refused, 'twine upload to a proxy');
    expect(refused.stdout + refused.stderr).toMatch(/proxy/);
  });

  it('serves cached pages and files with the upstreams stopped, and 502 for what it never fetched', async () => {
    await upstream!.stop();
    await staticIndex!.stop();
    await new Promise(resolve => setTimeout(resolve, 2500)); // past the static proxy's TTL and the page cache's
    for (const [requirement, module] of [
      ['pubpkg', 'pubpkg'],
      ['htmlpkg', 'htmlpkg'],
    ]) {
      const result = await install(requirement);
      expectSuccess(
        result,
        `pip install ${requirement} with the upstream stopped`,
      );
      expect(await installedVersion(result.python, module)).toBe('1.0.0');
    }
    const stale = await fetch(`${indexOf('pypi')}pubpkg/`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('warning')).toMatch(/^111 /);
    const missing = await fetch(`${indexOf('pypi')}never-fetched/`);
    expect(missing.status).toBe(502);
    expect(await missing.text()).toMatch(/Upstream .*never-fetched/);
  });
});
