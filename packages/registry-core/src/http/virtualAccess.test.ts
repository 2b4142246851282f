import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerConfig, validateRepositories } from '../config';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

const CONFIG: ServerConfig = {
  repositories: [
    { name: 'secret', anonymousRead: false },
    { name: 'open', anonymousRead: true },
    {
      name: 'all',
      anonymousRead: false,
      kind: 'virtual',
      members: ['open', 'secret'],
    },
  ],
  maxUploadBytes: 300_000,
};

/**
 * A virtual repository reads its members: whoever may read the virtual one but not a member gets nothing of that
 * member through the virtual URL, neither its pages nor its files nor its JSON.
 */
describe.each(TEST_DATABASES)(
  'reading through a virtual repository on %s',
  kind => {
    let test: TestServer;
    let work: string;
    let virtualOnly: string;
    let everything: string;
    let fileUrl: string;

    beforeAll(async () => {
      test = await startTestServer(kind, CONFIG);
      work = fs.mkdtempSync(
        path.join(os.tmpdir(), 'wheelhouse-virtual-access-'),
      );
      const tokens = test.server.registry.tokens;
      virtualOnly = (
        await tokens.create({
          name: 'virtual-only',
          scopes: ['read'],
          repositories: ['all'],
        })
      ).token;
      everything = (
        await tokens.create({
          name: 'all-three',
          scopes: ['read'],
          repositories: ['all', 'open', 'secret'],
        })
      ).token;
      const wheel = makeWheel(path.join(work, 'secret'), {
        name: 'secret-sauce',
        version: '1.0',
      });
      const uploaded = await uploadFile(test, wheel, {
        repository: 'secret',
        token: test.tokens.admin,
      });
      if (uploaded.status !== 200)
        throw new Error(`upload to secret answered ${uploaded.status}`);
      const page = await fetch(`${test.url}/all/simple/secret-sauce/`, {
        headers: { accept: SIMPLE_JSON, authorization: test.auth(everything) },
      });
      if (page.status !== 200)
        throw new Error(`the virtual page answered ${page.status}`);
      const body = (await page.json()) as { files: { url: string }[] };
      fileUrl = new URL(
        body.files[0].url,
        `${test.url}/all/simple/secret-sauce/`,
      ).href;
    });
    afterAll(async () => {
      await test?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    const get = (url: string, token?: string) =>
      fetch(url, {
        headers: {
          accept: SIMPLE_JSON,
          ...(token ? { authorization: test.auth(token) } : {}),
        },
      });

    it('refuses a token for the virtual repository alone everything of a member it may not read', async () => {
      for (const url of [
        `${test.url}/all/simple/`,
        `${test.url}/all/simple/secret-sauce/`,
        fileUrl,
        `${test.url}/all/pypi/secret-sauce/json`,
      ]) {
        const response = await get(url, virtualOnly);
        expect([url, response.status]).toEqual([url, 403]);
        expect(await response.text()).not.toContain('secret_sauce-1.0');
        expect([url, (await get(url)).status]).toEqual([url, 401]);
        expect([url, (await get(url, everything)).status]).toEqual([url, 200]);
      }
    });

    it('refuses at start a virtual repository anyone may read over a member that is private', () => {
      expect(() =>
        validateRepositories([
          { name: 'secret', anonymousRead: false },
          {
            name: 'all',
            anonymousRead: true,
            kind: 'virtual',
            members: ['secret'],
          },
        ]),
      ).toThrow(
        'Repository all: anonymousRead would let anyone read member secret',
      );
    });
  },
);
