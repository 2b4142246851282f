/**
 * pip and twine against the PyPI repository hosted inside a really started Backstage backend (the dev backend of
 * packages/backstage-backend, guest sign-in, allow-all permissions), on SQLite and on PostgreSQL.
 */
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  getTestS3Server,
  uniqueTestPrefix,
} from '@wheelhouse/test-utils/s3Server';
import {
  BackstageOptions,
  personalToken,
  RunningBackstage,
  startSignedInBackstage,
  uploadToBackstage,
} from '../support/backstage';
import { expectSuccess } from '../support/exec';
import {
  buildProjects,
  distFiles,
  POSTGRESQL,
  SQLITE,
} from '../support/fixture';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';

jest.setTimeout(300_000);

const NAME = 'portal-demo';
let distDir: string;
let dists: Record<string, BuiltDists>;

beforeAll(async () => {
  distDir = makeTempDir('backstage-dists');
  dists = await buildProjects({
    dir: distDir,
    outDir: path.join(distDir, 'out'),
    projects: [
      { name: NAME, version: '1.0.0' },
      { name: NAME, version: '1.1.0' },
    ],
  });
});
afterAll(() => removeTempDir(distDir));

const localStorage = async (): Promise<BackstageOptions['s3']> => undefined;
const backends = [
  {
    name: 'SQLite and local storage',
    database: SQLITE.database,
    storage: localStorage,
  },
  {
    name: 'PostgreSQL and local storage',
    database: POSTGRESQL.database,
    storage: localStorage,
  },
  // S3 through a real S3-compatible server (Ceph radosgw, see scripts/s3-test-server.sh).
  {
    name: 'PostgreSQL and S3 storage',
    database: POSTGRESQL.database,
    storage: async () => ({
      ...(await getTestS3Server()),
      prefix: uniqueTestPrefix(),
    }),
  },
];

describe.each(backends)('pip and twine against Backstage on $name', backend => {
  let work: string;
  let backstage: RunningBackstage;
  let dropDatabase: () => Promise<void>;
  let user: string;
  let publishToken: string;
  let venvs: VenvPool;

  beforeAll(async () => {
    work = makeTempDir('backstage');
    venvs = new VenvPool(work);
    const database = await backend.database();
    dropDatabase = database.drop;
    ({
      backstage,
      user,
      token: publishToken,
    } = await startSignedInBackstage({
      dataDir: path.join(work, 'data'),
      databaseUrl: database.url,
      s3: await backend.storage(),
      scopes: ['publish'],
    }));
  });
  afterAll(async () => {
    await venvs?.drain();
    await backstage?.stop();
    await dropDatabase?.();
    removeTempDir(work);
  });

  const manage = (method: string, apiPath: string, body?: unknown) =>
    fetch(`${backstage.pypi}/api/v1/repositories/default${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${user}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function installed(
    requirement: string,
    indexUrl = `${backstage.pypi}/default/simple/`,
  ): Promise<string> {
    const python = await venvs.take();
    expectSuccess(
      await pipInstall(python, [requirement], { indexUrl }),
      `pip install ${requirement}`,
    );
    return runPython(
      python,
      'import portal_demo; print(portal_demo.__version__)',
    );
  }

  test('twine uploads with a personal token minted by a signed-in user', async () => {
    await uploadToBackstage({
      backstage,
      token: publishToken,
      files: distFiles(dists[`${NAME}==1.0.0`], dists[`${NAME}==1.1.0`]),
    });
  });

  test('pip installs from /api/pypi/default/simple/', async () => {
    expect(await installed(NAME)).toBe('1.1.0');
  });

  test('index pages come gzipped by the registry (its own ETag per encoding), wheels never compressed, through Backstage', async () => {
    // Raw requests: fetch would decompress and hide what was sent.
    const get = (url: string, headers: http.OutgoingHttpHeaders) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>(
        (resolve, reject) => {
          http
            .get(url, { headers }, response => {
              const chunks: Buffer[] = [];
              response.on('data', chunk => chunks.push(chunk));
              response.on('end', () =>
                resolve({
                  headers: response.headers,
                  body: Buffer.concat(chunks),
                }),
              );
            })
            .on('error', reject);
        },
      );
    const pageUrl = `${backstage.pypi}/default/simple/${NAME}/`;
    const page = await get(pageUrl, {
      accept: 'application/vnd.pypi.simple.v1+json',
      'accept-encoding': 'gzip',
    });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers.etag).toMatch(/-gzip"$/);
    expect(page.headers.vary).toContain('Accept-Encoding');
    const files = JSON.parse(zlib.gunzipSync(page.body).toString()).files as {
      url: string;
      filename: string;
    }[];
    const wheel = files.find(file => file.filename.endsWith('.whl'))!;
    const download = await get(new URL(wheel.url, pageUrl).href, {
      'accept-encoding': 'gzip, br',
    });
    expect(download.headers['content-encoding']).toBeUndefined();
    expect(download.body.subarray(0, 2).toString()).toBe('PK');
  });

  test("pip's pages and files are answered before Backstage's app (installPypiRootFastPath), the rest by it", async () => {
    const page = await fetch(`${backstage.pypi}/default/simple/${NAME}/`);
    expect(page.status).toBe(200);
    const { files } = (await (
      await fetch(`${backstage.pypi}/default/simple/${NAME}/`, {
        headers: { accept: 'application/vnd.pypi.simple.v1+json' },
      })
    ).json()) as { files: { url: string }[] };
    const download = await fetch(new URL(files[0].url, page.url));
    expect(download.status).toBe(200);
    const management = await manage('GET', `/packages/${NAME}`);
    expect(management.status).toBe(200);
    // helmet, the first of Backstage's root middleware, sets this on everything it sees.
    expect(management.headers.get('x-dns-prefetch-control')).toBe('off');
    expect(page.headers.get('x-dns-prefetch-control')).toBeNull();
    expect(download.headers.get('x-dns-prefetch-control')).toBeNull();
    // The registry's own security headers are still there.
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    // What the fast path does not take (a 401 here) goes through Backstage's app and root middleware to the plugin's router.
    const refused = await fetch(`${backstage.pypi}/private/simple/`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-dns-prefetch-control')).toBe('off');
  });

  test('a Backstage user disables, deletes and restores versions, and pip follows', async () => {
    const disable = await manage(
      'POST',
      `/packages/${NAME}/versions/1.1.0/disable`,
      { reason: 'broken in production' },
    );
    expect(disable.status).toBe(200);
    expect(((await disable.json()) as any).disabled.by).toBe(
      'user:development/guest',
    );
    expect(await installed(NAME)).toBe('1.0.0');
    expect(
      (await manage('POST', `/packages/${NAME}/versions/1.1.0/enable`, {}))
        .status,
    ).toBe(200);
    expect(
      (await manage('DELETE', `/packages/${NAME}/versions/1.1.0`)).status,
    ).toBe(200);
    expect(await installed(NAME)).toBe('1.0.0');
    expect(
      (await manage('POST', `/recycle-bin/${NAME}/1.1.0/restore`, {})).status,
    ).toBe(200);
    expect(await installed(`${NAME}==1.1.0`)).toBe('1.1.0');
  });

  test('a private repository needs a token, which pip takes in the index URL', async () => {
    const readToken = await personalToken(backstage, user, ['publish']);
    await uploadToBackstage({
      backstage,
      token: readToken,
      repository: 'private',
      files: [dists[`${NAME}==1.0.0`].wheel],
    });
    expect((await fetch(`${backstage.pypi}/private/simple/`)).status).toBe(401);
    const url = new URL(`${backstage.pypi}/private/simple/`);
    url.username = '__token__';
    url.password = readToken;
    expect(await installed(NAME, url.toString())).toBe('1.0.0');
  });
});
