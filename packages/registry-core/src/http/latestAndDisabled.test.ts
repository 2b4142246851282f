/* eslint-disable @typescript-eslint/no-explicit-any */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TEST_CONFIG,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

/**
 * "Latest" is what pip installs by default (newest installable final release) in the management API and the PyPI
 * JSON API; disabled versions stay in the index as yanked with their reason, or vanish in a `hidden` repository.
 */
describe.each(TEST_DATABASES)(
  'latest version and disabled versions on %s',
  kind => {
    let test: TestServer;
    let work: string;
    let builds = 0;

    beforeAll(async () => {
      test = await startTestServer(kind, {
        ...TEST_CONFIG,
        repositories: [
          ...TEST_CONFIG.repositories!,
          { name: 'legacy', anonymousRead: true, disabledVersions: 'hidden' },
        ],
      });
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-latest-'));
    });
    afterAll(async () => {
      await test.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    const publish = async (
      name: string,
      version: string,
      repository = 'default',
    ) => {
      const file = makeWheel(path.join(work, String(builds++)), {
        name,
        version,
      });
      const response = await uploadFile(test, file, {
        fields: { name },
        repository,
      });
      expect(response.status).toBe(200);
      return path.basename(file);
    };
    const api = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${test.url}/api/v1/repositories${url}`, {
        method,
        headers: {
          authorization: test.auth(test.tokens.manager),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const simple = async (repository: string, name: string) => {
      const response = await fetch(
        `${test.url}/${repository}/simple/${name}/`,
        {
          headers: { accept: SIMPLE_JSON },
        },
      );
      if (response.status !== 200)
        return { status: response.status, files: [] };
      const page = (await response.json()) as any;
      return {
        status: 200,
        versions: page.versions as string[],
        files: page.files as {
          filename: string;
          yanked: string | boolean;
          url: string;
        }[],
      };
    };

    it('calls the newest installable final release latest, with a newer pre-release beside it, everywhere', async () => {
      for (const version of ['1.0.0', '1.2.0', '2.0.0rc1', '1.1.0'])
        await publish('pre-kit', version);
      const project = (await api('GET', '/default/packages/pre-kit')).body;
      expect(project).toMatchObject({
        latestVersion: '1.2.0',
        latestPrerelease: '2.0.0rc1',
      });
      expect(
        project.versions.map((v: { version: string; prerelease: boolean }) => [
          v.version,
          v.prerelease,
        ]),
      ).toEqual([
        ['2.0.0rc1', true],
        ['1.2.0', false],
        ['1.1.0', false],
        ['1.0.0', false],
      ]);
      const listed = (await api('GET', '/default/packages?search=pre-kit')).body
        .items[0];
      expect(listed).toMatchObject({
        latestVersion: '1.2.0',
        latestPrerelease: '2.0.0rc1',
      });
      expect(
        (await api('GET', '/default/packages/pre-kit/versions/latest')).body
          .version,
      ).toBe('1.2.0');
      const json = (await (
        await fetch(`${test.url}/default/pypi/pre-kit/json`)
      ).json()) as any;
      expect(json.info.version).toBe('1.2.0');
      expect(Object.keys(json.releases).sort()).toEqual(
        ['1.0.0', '1.1.0', '1.2.0', '2.0.0rc1'].sort(),
      );
    });

    it('moves latest past a disabled, yanked or deleted version, and to a pre-release only when nothing else is left', async () => {
      for (const version of ['0.1.0', '0.2.0', '0.3.0', '0.4.0b1'])
        await publish('state-kit', version);
      const latest = async () => {
        const body = (await api('GET', '/default/packages/state-kit')).body;
        return [body.latestVersion, body.latestPrerelease];
      };
      expect(await latest()).toEqual(['0.3.0', '0.4.0b1']);
      await api('POST', '/default/packages/state-kit/versions/0.3.0/disable', {
        reason: 'broken wheel',
      });
      expect(await latest()).toEqual(['0.2.0', '0.4.0b1']);
      await api('POST', '/default/packages/state-kit/versions/0.2.0/yank', {
        reason: 'wrong license',
      });
      expect(await latest()).toEqual(['0.1.0', '0.4.0b1']);
      const json = (await (
        await fetch(`${test.url}/default/pypi/state-kit/json`)
      ).json()) as any;
      expect(json.info.version).toBe('0.1.0');
      expect(json.releases['0.3.0'][0]).toMatchObject({
        yanked: true,
        yanked_reason: 'disabled: broken wheel',
      });
      await api('DELETE', '/default/packages/state-kit/versions/0.1.0', {});
      expect(await latest()).toEqual(['0.4.0b1', undefined]);
      expect(
        (await api('GET', '/default/packages/state-kit/versions/latest')).body
          .version,
      ).toBe('0.4.0b1');
      await api(
        'POST',
        '/default/packages/state-kit/versions/0.4.0b1/disable',
        {
          reason: 'no',
        },
      );
      expect(await latest()).toEqual([undefined, undefined]);
      expect(
        (await api('GET', '/default/packages/state-kit/versions/latest'))
          .status,
      ).toBe(404);
      await api(
        'POST',
        '/default/packages/state-kit/versions/0.3.0/enable',
        {},
      );
      expect(await latest()).toEqual(['0.3.0', undefined]);
    });

    it('lists a disabled version as yanked with its reason, while its file and metadata answer 403 with the reason', async () => {
      const wheel = await publish('dis-kit', '1.0.0');
      await publish('dis-kit', '1.1.0');
      await api('POST', '/default/packages/dis-kit/versions/1.0.0/disable', {
        reason: 'CVE-2026-0001',
      });
      const page = await simple('default', 'dis-kit');
      expect(page.versions).toEqual(['1.0.0', '1.1.0']);
      const file = page.files.find(f => f.filename === wheel)!;
      expect(file.yanked).toBe('disabled: CVE-2026-0001');
      const url = new URL(file.url, `${test.url}/default/simple/dis-kit/`);
      for (const target of [url.toString(), `${url}.metadata`]) {
        const response = await fetch(target);
        expect(response.status).toBe(403);
        expect(response.statusText).toContain('CVE-2026-0001');
      }
    });

    it('hides disabled versions from the index of a repository configured disabledVersions: hidden', async () => {
      const wheel = await publish('hid-kit', '1.0.0', 'legacy');
      const other = await publish('hid-kit', '1.1.0', 'legacy');
      await publish('hid-only', '1.0.0', 'legacy');
      await api('POST', '/legacy/packages/hid-kit/versions/1.0.0/disable', {
        reason: 'bad',
      });
      await api('POST', '/legacy/packages/hid-only/versions/1.0.0/disable', {
        reason: 'bad',
      });
      const page = await simple('legacy', 'hid-kit');
      expect(page.versions).toEqual(['1.1.0']);
      expect(page.files.map(f => f.filename)).toEqual([other]);
      expect(page.files.map(f => f.filename)).not.toContain(wheel);
      expect((await simple('legacy', 'hid-only')).status).toBe(404);
      const list = await (await fetch(`${test.url}/legacy/simple/`)).text();
      expect(list).toContain('hid-kit');
      expect(list).not.toContain('hid-only');
    });

    it('refuses an unknown disabledVersions setting with the repository named', async () => {
      const { validateServerConfig } = await import('../config');
      expect(() =>
        validateServerConfig({
          repositories: [{ name: 'x', disabledVersions: 'gone' }],
        }),
      ).toThrow('Repository x: disabledVersions must be "yanked" or "hidden"');
    });
  },
);
