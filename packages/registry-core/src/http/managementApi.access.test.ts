import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_BODY_MAX_BYTES } from '@wheelhouse/backstage-plugin-pypi-common';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

/** API tokens, rights on every write of the management API, and how it answers bad requests. */
describe.each(TEST_DATABASES)(
  'management API: tokens, rights and errors on %s',
  kind => {
    let test: TestServer;
    let work: string;
    let builds = 0;

    const api = async (
      method: string,
      url: string,
      options: {
        token?: string | null;
        body?: unknown;
        raw?: string;
        contentType?: string;
      } = {},
    ) => {
      const token =
        options.token === undefined ? test.tokens.admin : options.token;
      const headers: Record<string, string> = token
        ? { authorization: test.auth(token) }
        : {};
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined)
        headers['content-type'] = options.contentType ?? 'application/json';
      const response = await fetch(`${test.url}/api/v1${url}`, {
        method,
        headers,
        body,
      });
      const text = await response.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: json,
        text,
      };
    };

    beforeAll(async () => {
      test = await startTestServer(kind);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-access-'));
      await publish('rights-pkg', '1.1');
      // Something in the recycle bin, so restore and purge have a target.
      await publish('rights-pkg', '1.2');
      const setup = [
        await api(
          'DELETE',
          '/repositories/default/packages/rights-pkg/versions/1.2',
        ),
        await api(
          'PUT',
          '/repositories/default/packages/rights-pkg/tags/stable',
          { body: { version: '1.1' } },
        ),
      ];
      if (setup.some(response => response.status !== 200))
        throw new Error(
          `setup answered ${setup.map(response => response.status)}`,
        );
    });
    afterAll(async () => {
      await test.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    async function publish(
      name: string,
      version: string,
      token?: string,
      repository = 'default',
    ) {
      const file = makeWheel(path.join(work, String(builds++)), {
        name,
        version,
      });
      return uploadFile(test, file, { fields: { name }, token, repository });
    }

    describe('tokens', () => {
      it('lets only unrestricted admins manage tokens', async () => {
        const body = { name: 'nope', scopes: ['read'] };
        for (const token of [
          test.tokens.manager,
          test.tokens.reader,
          test.tokens.publisher,
          test.tokens.otherRepo,
        ]) {
          expect((await api('POST', '/tokens', { token, body })).status).toBe(
            403,
          );
          expect((await api('GET', '/tokens', { token })).status).toBe(403);
          expect((await api('DELETE', '/tokens/abc', { token })).status).toBe(
            403,
          );
        }
        const anonymous = await api('POST', '/tokens', { token: null, body });
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toMatch(
          /^Basic realm=/,
        );
        const names = (await api('GET', '/tokens')).body.items.map(
          (token: { name: string }) => token.name,
        );
        expect(names).not.toContain('nope');
      });

      it('creates a token that works, lists it without its secret, and revokes it', async () => {
        const created = await api('POST', '/tokens', {
          body: {
            name: ' ci-publisher ',
            scopes: ['publish'],
            repositories: ['default'],
          },
        });
        expect(created.status).toBe(201);
        const secret: string = created.body.token;
        expect(secret).toMatch(/^whl_[0-9a-f]{12}_/);
        expect(created.body).toMatchObject({
          name: 'ci-publisher',
          scopes: ['publish'],
          repositories: ['default'],
          owner: 'token:admin',
        });
        const id: string = created.body.id;

        expect(
          (await api('GET', '/whoami', { token: secret })).body,
        ).toMatchObject({ type: 'token', tokenId: id, scopes: ['publish'] });
        const uploaded = await publish('token-pkg', '1.1', secret);
        expect(uploaded.status).toBe(200);
        const version = await api(
          'GET',
          '/repositories/default/packages/token-pkg/versions/1.1',
        );
        expect(version.body.uploadedBy).toBe(
          `${created.body.owner} via token ci-publisher`,
        );
        expect(
          (await publish('token-pkg', '1.1', secret, 'private')).status,
        ).toBe(403);
        expect(
          (
            await api(
              'POST',
              '/repositories/default/packages/token-pkg/versions/1.1/yank',
              { token: secret },
            )
          ).status,
        ).toBe(403);

        const listed = await api('GET', '/tokens');
        expect(listed.status).toBe(200);
        const record = listed.body.items.find(
          (token: { id: string }) => token.id === id,
        );
        expect(record).toMatchObject({
          name: 'ci-publisher',
          scopes: ['publish'],
          repositories: ['default'],
        });
        expect(record.revokedAt).toBeUndefined();
        expect(record).not.toHaveProperty('token');
        expect(record).not.toHaveProperty('hash');
        expect(listed.text).not.toContain(secret.slice(18));

        const revoked = await api('DELETE', `/tokens/${id}`);
        expect(revoked.status).toBe(200);
        expect(revoked.body).toEqual({ id, revoked: true });
        const refused = await publish('token-pkg', '1.2', secret);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
        expect(
          (
            await api('GET', '/repositories/default/packages', {
              token: secret,
            })
          ).status,
        ).toBe(401);
        expect(
          (await api('GET', '/tokens')).body.items.find(
            (token: { id: string }) => token.id === id,
          ).revokedAt,
        ).toEqual(expect.any(String));
        expect((await api('DELETE', `/tokens/${id}`)).status).toBe(404);
        expect((await api('DELETE', '/tokens/000000000000')).status).toBe(404);
      });

      it('defaults new tokens to read and honours a repository limit', async () => {
        const created = await api('POST', '/tokens', {
          body: { name: 'private-reader', repositories: ['private'] },
        });
        expect(created.body.scopes).toEqual(['read']);
        const token = created.body.token;
        expect(
          (await api('GET', '/repositories/private/packages', { token }))
            .status,
        ).toBe(200);
        expect(
          (await api('GET', '/repositories/default/packages', { token }))
            .status,
        ).toBe(403);
        expect(
          (await api('GET', '/repositories', { token })).body.items.map(
            (repo: { name: string }) => repo.name,
          ),
        ).toEqual(['private']);
      });

      it.each([
        ['no name', { scopes: ['read'] }],
        ['a blank name', { name: '   ' }],
        ['a name over 128 characters', { name: 'n'.repeat(129) }],
        ['an unknown scope', { name: 'x', scopes: ['superuser'] }],
        ['no scopes', { name: 'x', scopes: [] }],
        ['an unknown repository', { name: 'x', repositories: ['nope'] }],
        ['repositories as text', { name: 'x', repositories: 'default' }],
      ])('refuses %s with 400', async (_label, body) => {
        const before = (await api('GET', '/tokens')).body.items.length;
        const response = await api('POST', '/tokens', { body });
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect((await api('GET', '/tokens')).body.items).toHaveLength(before);
      });

      it('never turns an empty repository list into a token for every repository', async () => {
        const response = await api('POST', '/tokens', {
          body: { name: 'nowhere', scopes: ['read'], repositories: [] },
        });
        // Either refused, or a token that reads nothing.
        const outcome =
          response.status === 201
            ? `created; it reads private with ${
                (
                  await api('GET', '/repositories/private/packages', {
                    token: response.body.token,
                  })
                ).status
              }`
            : `refused with ${response.status}`;
        expect([
          'created; it reads private with 403',
          'refused with 400',
        ]).toContain(outcome);
      });
    });

    describe('rights on writes', () => {
      const pkg = '/repositories/default/packages/rights-pkg';
      const writes: [string, string, unknown?][] = [
        ['POST', `${pkg}/versions/1.1/disable`, { reason: 'x' }],
        ['POST', `${pkg}/versions/1.1/enable`],
        ['POST', `${pkg}/versions/1.1/yank`, { reason: 'x' }],
        ['POST', `${pkg}/versions/1.1/unyank`],
        ['DELETE', `${pkg}/versions/1.1`, { reason: 'x' }],
        ['PATCH', `${pkg}/versions/1.1/metadata`, { set: { a: 'b' } }],
        ['PUT', `${pkg}/versions/1.1/metadata/a`, { value: 'b' }],
        ['DELETE', `${pkg}/versions/1.1/metadata/a`],
        ['PUT', `${pkg}/tags/other`, { version: '1.1' }],
        ['DELETE', `${pkg}/tags/stable`],
        [
          'POST',
          '/repositories/default/recycle-bin/purge',
          { olderThanDays: 0 },
        ],
        ['POST', '/repositories/default/recycle-bin/rights-pkg/1.2/restore'],
        ['DELETE', '/repositories/default/recycle-bin/rights-pkg/1.2'],
        ['POST', '/tokens', { name: 'x' }],
        ['DELETE', '/tokens/000000000000'],
      ];
      const snapshot = async () => ({
        version: (await api('GET', `${pkg}/versions/1.1`)).body,
        bin: (await api('GET', '/repositories/default/recycle-bin')).body,
        audit: (
          await api('GET', '/repositories/default/audit?package=rights-pkg')
        ).body,
        tokens: (await api('GET', '/tokens')).body.items.length,
      });

      it.each([
        ['a read-only token', () => test.tokens.reader, 403],
        ['a token for another repository', () => test.tokens.otherRepo, 403],
        ['anonymous', () => null, 401],
        ['a revoked token', () => test.tokens.revoked, 401],
      ])(
        'refuses every write for %s and changes nothing',
        async (_label, token, status) => {
          const before = await snapshot();
          for (const [method, url, body] of writes) {
            const response = await api(method, url, { token: token(), body });
            if (response.status !== status)
              throw new Error(
                `${method} ${url} answered ${response.status}, expected ${status}`,
              );
            expect(response.body.error.message).toEqual(expect.any(String));
            // A 401 asks for credentials; a 403 has no requirement on it.
            expect(response.headers.get('www-authenticate') ?? '').toMatch(
              status === 401 ? /^Basic realm=/ : /^/,
            );
          }
          expect(await snapshot()).toEqual(before);
        },
      );

      it('refuses version management to a publish-only token', async () => {
        for (const [method, url, body] of writes.slice(0, 13)) {
          expect([
            method,
            url,
            (await api(method, url, { token: test.tokens.publisher, body }))
              .status,
          ]).toEqual([method, url, 403]);
        }
      });
    });

    describe('bad requests', () => {
      it.each([
        [
          'PATCH',
          '/repositories/default/packages/rights-pkg/versions/1.1/metadata',
        ],
        [
          'POST',
          '/repositories/default/packages/rights-pkg/versions/1.1/disable',
        ],
        ['PUT', '/repositories/default/packages/rights-pkg/tags/x'],
        ['POST', '/repositories/default/recycle-bin/purge'],
        ['POST', '/tokens'],
      ])(
        'answers malformed JSON on %s %s with 400, not 500',
        async (method, url) => {
          for (const raw of ['{"set": ', '{reason: x}', 'null', '"text"']) {
            const response = await api(method, url, { raw });
            expect(response.status).toBe(400);
            expect(response.body.error).toMatchObject({ name: 'InputError' });
          }
          const array = await api(method, url, { raw: '[1, 2]' });
          expect(array.status).toBe(400);
        },
      );

      it('answers a JSON body over API_BODY_MAX_BYTES with 413 and other body types as missing input', async () => {
        const url =
          '/repositories/default/packages/rights-pkg/versions/1.1/metadata';
        const big = await api('PATCH', url, {
          body: { set: { a: 'x'.repeat(API_BODY_MAX_BYTES) } },
        });
        expect(big.status).toBe(413);
        const text = await api(
          'POST',
          '/repositories/default/packages/rights-pkg/versions/1.1/disable',
          {
            raw: 'reason=because',
            contentType: 'application/x-www-form-urlencoded',
          },
        );
        expect(text.status).toBe(400);
        expect(text.body.error.message).toMatch(/reason is required/);
      });

      it('answers text with NUL characters as bad input, not a server error', async () => {
        const pkg = '/repositories/default/packages/rights-pkg';
        const calls: [string, string, unknown?][] = [
          ['GET', '/repositories/default/packages?search=a%00b'],
          ['GET', '/repositories/default/packages/a%00b'],
          ['GET', '/repositories/default/audit?package=a%00b'],
          ['POST', `${pkg}/versions/1.1/yank`, { reason: 'a\u0000b' }],
          [
            'PATCH',
            `${pkg}/versions/1.1/metadata`,
            { set: { key: 'a\u0000b' } },
          ],
          ['POST', '/tokens', { name: 'a\u0000b' }],
        ];
        const answers: string[] = [];
        for (const [method, url, body] of calls)
          answers.push(
            `${method} ${url} -> ${(await api(method, url, { body })).status}`,
          );
        expect(answers.filter(answer => / -> 5\d\d$/.test(answer))).toEqual([]);
      });

      it('answers unknown /api/ paths with a JSON 404', async () => {
        for (const [method, url] of [
          ['GET', '/api/v1/nope'],
          ['GET', '/api/v2/repositories'],
          ['PUT', '/api/v1/repositories'],
          ['GET', '/api/v1/repositories/default/nope'],
          [
            'POST',
            '/api/v1/repositories/default/packages/rights-pkg/versions/1.1/explode',
          ],
        ]) {
          const response = await fetch(`${test.url}${url}`, {
            method,
            headers: { authorization: test.auth(test.tokens.admin) },
          });
          expect([url, response.status]).toEqual([url, 404]);
          expect(response.headers.get('content-type')).toMatch(
            /^application\/json/,
          );
          expect(((await response.json()) as { error: unknown }).error).toEqual(
            { name: 'NotFoundError', message: 'No such API endpoint' },
          );
        }
      });
    });
  },
);
