import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';
import {
  createRegistryHotPath,
  createRegistryRouter,
} from './createRegistryRouter';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

/**
 * The standalone server answers index pages without express (createRegistryHotPath). It must answer every request
 * exactly as the express router does, success or error, and hand what it does not take to the router.
 */
describe('registry hot path', () => {
  let test: TestServer;
  let work: string;
  let hot: { url: string; server: http.Server; fallbacks: string[] };
  let routerOnly: { url: string; server: http.Server };

  const listen = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
      server,
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    };
  };

  beforeAll(async () => {
    test = await startTestServer('sqlite');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-hot-path-'));
    for (const [name, version, repository] of [
      ['hot-lib', '1.0.0', 'default'],
      ['hot-lib', '1.1.0', 'default'],
      ['secret-lib', '2.0.0', 'private'],
    ]) {
      const file = makeWheel(path.join(work, `${name}-${version}`), {
        name,
        version,
      });
      const response = await uploadFile(test, file, {
        fields: { name },
        repository,
        token: test.tokens.admin,
      });
      if (response.status !== 200)
        throw new Error(`setup upload answered ${response.status}`);
    }
    const registry = test.server.registry;
    // As the standalone server sets it up.
    const app = express();
    app.disable('x-powered-by');
    app.use(createRegistryRouter({ registry }));
    routerOnly = await listen(app);
    const fallbacks: string[] = [];
    const hotPath = createRegistryHotPath({ registry });
    hot = {
      ...(await listen((request, response) =>
        hotPath(request, response, () => {
          fallbacks.push(`${request.method} ${request.url}`);
          app(request, response);
        }),
      )),
      fallbacks,
    };
  });

  afterAll(async () => {
    hot?.server.close();
    routerOnly?.server.close();
    await test?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const reader = () => test.auth(test.tokens.reader);
  const cases: {
    name: string;
    path: string;
    method?: string;
    headers?: () => Record<string, string>;
    handled: boolean;
  }[] = [
    { name: 'project list, HTML', path: '/default/simple/', handled: true },
    {
      name: 'project list, JSON',
      path: '/default/simple/',
      headers: () => ({ accept: SIMPLE_JSON }),
      handled: true,
    },
    {
      name: 'project page, HTML',
      path: '/default/simple/hot-lib/',
      handled: true,
    },
    {
      name: 'project page, JSON',
      path: '/default/simple/hot-lib/',
      headers: () => ({ accept: `text/html;q=0.5, ${SIMPLE_JSON}` }),
      handled: true,
    },
    {
      name: 'HEAD of a project page',
      path: '/default/simple/hot-lib/',
      method: 'HEAD',
      handled: true,
    },
    {
      name: 'private repository with a read token',
      path: '/private/simple/secret-lib/',
      headers: () => ({ authorization: reader() }),
      handled: true,
    },
    {
      name: '?format= (left to the router)',
      path: `/default/simple/hot-lib/?format=${encodeURIComponent(SIMPLE_JSON)}`,
      handled: false,
    },
    {
      name: 'non-normalised name: redirect',
      path: '/default/simple/Hot_Lib/',
      handled: false,
    },
    {
      name: 'no trailing slash: redirect',
      path: '/default/simple/hot-lib',
      handled: false,
    },
    {
      name: 'unknown project: 404',
      path: '/default/simple/no-such-lib/',
      handled: false,
    },
    {
      name: 'private repository, anonymous: 401',
      path: '/private/simple/',
      handled: false,
    },
    {
      name: 'private repository, revoked token: 401',
      path: '/private/simple/',
      headers: () => ({ authorization: test.auth(test.tokens.revoked) }),
      handled: false,
    },
    {
      name: 'malformed Authorization: 401',
      path: '/default/simple/',
      headers: () => ({ authorization: 'Basic !!!' }),
      handled: false,
    },
    {
      name: 'token for another repository: 403',
      path: '/default/simple/',
      headers: () => ({ authorization: test.auth(test.tokens.otherRepo) }),
      handled: false,
    },
    {
      name: 'unknown repository: 401',
      path: '/nowhere/simple/',
      handled: false,
    },
    {
      name: 'nothing acceptable: 406',
      path: '/default/simple/',
      headers: () => ({ accept: 'application/xml' }),
      handled: false,
    },
    {
      name: 'POST is not a page',
      path: '/default/simple/',
      method: 'POST',
      handled: false,
    },
  ];

  /** Status, headers (minus the per-response ones) and body. */
  const fetchOne = async (
    base: string,
    testCase: (typeof cases)[number],
    extra: Record<string, string> = {},
  ) => {
    const response = await fetch(`${base}${testCase.path}`, {
      method: testCase.method ?? 'GET',
      headers: { ...testCase.headers?.(), ...extra },
      redirect: 'manual',
    });
    const headers = Object.fromEntries(
      [...response.headers].filter(
        ([name]) => !['date', 'keep-alive', 'connection'].includes(name),
      ),
    );
    return {
      status: response.status,
      statusText: response.statusText,
      headers,
      body: await response.text(),
    };
  };

  it.each(cases)('answers $name exactly as the router does', async testCase => {
    const before = hot.fallbacks.length;
    const expected = await fetchOne(routerOnly.url, testCase);
    const actual = await fetchOne(hot.url, testCase);
    expect(actual).toEqual(expected);
    expect(hot.fallbacks.length - before).toBe(testCase.handled ? 0 : 1);
  });

  it.each(cases.filter(testCase => testCase.handled))(
    'answers the conditional request that follows $name, from the ETag it gave, as the router does',
    async testCase => {
      const { headers } = await fetchOne(hot.url, testCase);
      const revalidated = await fetchOne(hot.url, testCase, {
        'if-none-match': headers.etag,
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated).toEqual(
        await fetchOne(routerOnly.url, testCase, {
          'if-none-match': headers.etag,
        }),
      );
    },
  );

  it('shows a change on the next request, like the router', async () => {
    const file = makeWheel(path.join(work, 'hot-lib-2.0.0'), {
      name: 'hot-lib',
      version: '2.0.0',
    });
    expect(
      (await uploadFile(test, file, { fields: { name: 'hot-lib' } })).status,
    ).toBe(200);
    const page = (await (
      await fetch(`${hot.url}/default/simple/hot-lib/`, {
        headers: { accept: SIMPLE_JSON },
      })
    ).json()) as {
      versions: string[];
    };
    expect(page.versions).toEqual(['1.0.0', '1.1.0', '2.0.0']);
  });
});
