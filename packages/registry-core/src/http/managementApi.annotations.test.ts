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

/** Custom metadata and tags of versions through the management API. */
describe.each(TEST_DATABASES)(
  'management API: custom metadata and tags on %s',
  kind => {
    let test: TestServer;
    let work: string;
    let builds = 0;

    beforeAll(async () => {
      test = await startTestServer(kind);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-annotations-'));
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

    describe('custom metadata', () => {
      const meta = (version: string, rest = '') =>
        pkg('meta-pkg', `/versions/${version}/metadata${rest}`);
      const current = async (version = '1.1') =>
        (await api('GET', meta(version))).body as {
          key: string;
          value: string;
        }[];
      beforeAll(async () => {
        await publish({ name: 'meta-pkg', version: '1.1' });
        await publish({ name: 'meta-pkg', version: '1.2' });
      });

      it('sets and removes entries with PATCH, PUT and DELETE, on the selected version only', async () => {
        const patched = await api('PATCH', meta('1.1'), {
          token: test.tokens.manager,
          body: {
            set: { jira: 'ABC-1', 'build.url': 'https://ci.example.com/1' },
          },
        });
        expect(patched.status).toBe(200);
        // A command on a version answers the version as it left it.
        expect(patched.body.version).toBe('1.1');
        expect(patched.body.customMetadata).toEqual([
          expect.objectContaining({
            key: 'build.url',
            value: 'https://ci.example.com/1',
            updatedBy: 'token:manager',
          }),
          expect.objectContaining({
            key: 'jira',
            value: 'ABC-1',
            updatedBy: 'token:manager',
          }),
        ]);
        expect(await current('1.2')).toEqual([]);
        const second = await api('PATCH', meta('1.1.0'), {
          body: { set: { jira: 'ABC-2' }, remove: ['build.url'] },
        });
        expect(second.body.customMetadata).toEqual([
          expect.objectContaining({
            key: 'jira',
            value: 'ABC-2',
            updatedBy: 'token:admin',
          }),
        ]);
        expect(
          (
            await api('PUT', meta('1.1', '/owner'), {
              body: { value: 'team-a' },
            })
          ).status,
        ).toBe(200);
        expect(
          (await current()).map(entry => [entry.key, entry.value]),
        ).toEqual([
          ['jira', 'ABC-2'],
          ['owner', 'team-a'],
        ]);
        const version = (await api('GET', pkg('meta-pkg', '/versions/1.1')))
          .body;
        expect(
          version.customMetadata.map((entry: { key: string }) => entry.key),
        ).toEqual(['jira', 'owner']);
        expect(
          (await api('DELETE', meta('1.1', '/owner'))).body.customMetadata.map(
            (entry: { key: string }) => entry.key,
          ),
        ).toEqual(['jira']);
        expect(await current('1.2')).toEqual([]);
        expect(
          (await api('GET', pkg('meta-pkg', '/versions/latest'))).body
            .customMetadata,
        ).toEqual([]);
      });

      it.each([
        ['an invalid key', { set: { '-bad': 'x' } }],
        [
          'a key with a space next to a valid one',
          { set: { fine: 'x', 'bad key': 'y' } },
        ],
        ['a key that is too long', { set: { ['k'.repeat(129)]: 'x' } }],
        ['a number value', { set: { count: 5 } }],
        ['a null value', { set: { gone: null } }],
        ['a value over 4096 characters', { set: { long: 'x'.repeat(4097) } }],
        ['set as a list', { set: ['a'] }],
        ['remove as text', { remove: 'jira' }],
        ['nothing to change', {}],
      ])('refuses %s with 400 and changes nothing', async (_label, body) => {
        const before = await current();
        const response = await api('PATCH', meta('1.1'), { body });
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(await current()).toEqual(before);
      });

      it('refuses non-text values on PUT, and more than 100 entries as a whole', async () => {
        const before = await current();
        expect(
          (await api('PUT', meta('1.1', '/n'), { body: { value: 12 } })).status,
        ).toBe(400);
        expect((await api('PUT', meta('1.1', '/n'), { body: {} })).status).toBe(
          400,
        );
        expect(
          (
            await api('PUT', meta('1.1', '/bad%20key'), {
              body: { value: 'x' },
            })
          ).status,
        ).toBe(400);
        const many = Object.fromEntries(
          Array.from({ length: 101 }, (_, i) => [`key${i}`, 'v']),
        );
        const tooMany = await api('PATCH', meta('1.1'), {
          body: { set: many },
        });
        expect(tooMany.status).toBe(400);
        expect(tooMany.body.error.message).toMatch(/at most 100/);
        expect(await current()).toEqual(before);
        expect(
          (
            await api('PUT', meta('1.1', '/exact'), {
              body: { value: 'x'.repeat(4096) },
            })
          ).status,
        ).toBe(200);
        expect(
          (await api('PATCH', meta('9.9'), { body: { set: { a: 'b' } } }))
            .status,
        ).toBe(404);
      });
    });

    describe('tags', () => {
      const tags = async () =>
        (await api('GET', pkg('tag-pkg'))).body.tags as {
          tag: string;
          version: string;
        }[];
      beforeAll(async () => {
        await publish({ name: 'tag-pkg', version: '1.1' });
        await publish({ name: 'tag-pkg', version: '2.1' });
      });

      it('points a tag at a version, moves it, and removes it', async () => {
        const set = await api('PUT', pkg('tag-pkg', '/tags/stable'), {
          token: test.tokens.manager,
          body: { version: '1.1.0' },
        });
        expect(set.status).toBe(200);
        expect(set.body).toMatchObject({ version: '1.1', tags: ['stable'] });
        expect(set.body.allTags).toEqual([
          expect.objectContaining({
            tag: 'stable',
            version: '1.1',
            createdBy: 'token:manager',
          }),
        ]);
        expect(
          (await api('GET', pkg('tag-pkg', '/versions/1.1'))).body.tags,
        ).toEqual(['stable']);
        expect(
          (
            await api('PUT', pkg('tag-pkg', '/tags/prod.eu-1'), {
              body: { version: '1.1' },
            })
          ).status,
        ).toBe(200);

        const moved = await api('PUT', pkg('tag-pkg', '/tags/stable'), {
          body: { version: 'latest' },
        });
        expect(moved.status).toBe(200);
        expect((await tags()).map(tag => [tag.tag, tag.version])).toEqual([
          ['prod.eu-1', '1.1'],
          ['stable', '2.1'],
        ]);
        expect(
          (await api('GET', pkg('tag-pkg', '/versions/1.1'))).body.tags,
        ).toEqual(['prod.eu-1']);
        expect(
          (await api('GET', pkg('tag-pkg', '/versions/2.1'))).body,
        ).toMatchObject({
          tags: ['stable'],
          allTags: [
            expect.objectContaining({ tag: 'prod.eu-1' }),
            expect.objectContaining({ tag: 'stable' }),
          ],
        });

        const removed = await api('DELETE', pkg('tag-pkg', '/tags/stable'));
        expect(removed.status).toBe(200);
        expect(removed.body).toMatchObject({ version: '2.1', tags: [] });
        expect(
          removed.body.allTags.map((tag: { tag: string }) => tag.tag),
        ).toEqual(['prod.eu-1']);
        expect(
          (await api('DELETE', pkg('tag-pkg', '/tags/stable'))).status,
        ).toBe(404);
      });

      it.each([
        ['a name starting with "-"', '-bad', { version: '1.1' }, 400],
        ['a name with a space', 'bad%20tag', { version: '1.1' }, 400],
        ['a name over 64 characters', 't'.repeat(65), { version: '1.1' }, 400],
        ['no version in the body', 'ok', {}, 400],
        ['an unknown version', 'ok', { version: '7.0' }, 404],
      ])('refuses %s', async (_label, tag, body, status) => {
        const before = await tags();
        expect(
          (await api('PUT', pkg('tag-pkg', `/tags/${tag}`), { body })).status,
        ).toBe(status);
        expect(await tags()).toEqual(before);
      });
    });
  },
);
