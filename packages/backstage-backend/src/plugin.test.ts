import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createDatabase } from '@wheelhouse/registry-core';
import {
  createTestDatabase,
  TEST_DATABASES,
  TestDatabase as EmptyTestDatabase,
} from '@wheelhouse/test-utils/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  GITHUB_OWNER_ID,
  startOidcIssuer,
} from '@wheelhouse/test-utils/oidcIssuer';
import { pypiPlugin } from './plugin';

type TestDatabase = EmptyTestDatabase<ReturnType<typeof createDatabase>>;

/** Starts a test backend with the plugin on a fresh database; anonymous requests stay anonymous. */
async function startBackend(options: {
  database: TestDatabase;
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Decides each permission request (by name and repository) instead of one answer for all. */
  decide?: (permission: string, repository?: string) => boolean;
  /** More `pypi.*` settings. */
  pypi?: Record<string, unknown>;
}) {
  const directory = fs.mkdtempSync(
    path.join(os.tmpdir(), 'wheelhouse-backstage-'),
  );
  const auditor = mockServices.auditor.mock();
  const backend = await startTestBackend({
    features: [
      pypiPlugin,
      mockServices.rootConfig.factory({
        data: {
          pypi: {
            repositories: [
              { name: 'default', anonymousRead: true },
              { name: 'private', anonymousRead: false },
            ],
            storage: {
              type: 'local',
              directory: path.join(directory, 'blobs'),
            },
            recycleBin: { retention: { days: 7 } },
            ...options.pypi,
          },
        },
      }),
      mockServices.database.factory({ knex: options.database.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      auditor.factory,
      ...(options.permission
        ? [mockServices.permissions.factory({ result: options.permission })]
        : []),
      ...(options.decide
        ? [
            mockServices.permissions.mock({
              authorize: async requests =>
                requests.map(request => ({
                  result: options.decide!(
                    request.permission.name,
                    'resourceRef' in request ? request.resourceRef : undefined,
                  )
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
                })),
            }).factory,
          ]
        : []),
    ],
  });
  const address = backend.server.address() as import('node:net').AddressInfo;
  return {
    base: `http://127.0.0.1:${address.port}/api/pypi`,
    auditor,
    directory,
    async stop() {
      await backend.stop();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

function uploadForm(file: string, name: string, version: string): FormData {
  const form = new FormData();
  form.append(':action', 'file_upload');
  form.append('protocol_version', '1');
  form.append('name', name);
  form.append('version', version);
  form.append('filetype', 'bdist_wheel');
  form.append(
    'content',
    new Blob([fs.readFileSync(file)]),
    path.basename(file),
  );
  return form;
}

const basic = (token: string) =>
  `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`;

describe.each(TEST_DATABASES)('pypi backend plugin on %s', kind => {
  let database: TestDatabase;
  let work: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind, createDatabase);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-backstage-work-'));
  });
  afterEach(async () => {
    await database.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('serves the trusted-publishing exchange under /api/pypi/_/oidc/ without Backstage credentials, and the minted token uploads', async () => {
    const issuer = await startOidcIssuer({ audience: 'backstage-pypi' });
    const backend = await startBackend({
      database,
      pypi: {
        oidc: { issuer: issuer.url, audience: 'backstage-pypi' },
        trustedPublishers: [
          {
            repository: 'private',
            project: 'oidc-demo',
            repositoryOwner: 'acme',
            repositoryOwnerId: GITHUB_OWNER_ID,
            repositoryName: 'demo',
            workflow: 'release.yml',
          },
        ],
      },
    });
    try {
      const audience = await fetch(`${backend.base}/_/oidc/audience`);
      expect(audience.status).toBe(200);
      expect(await audience.json()).toEqual({ audience: 'backstage-pypi' });
      const minted = await fetch(`${backend.base}/_/oidc/mint-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await issuer.token() }),
      });
      expect(minted.status).toBe(200);
      const { token } = (await minted.json()) as { token: string };
      const refused = await fetch(`${backend.base}/_/oidc/mint-token`, {
        method: 'POST',
        body: JSON.stringify({ token: await issuer.token({ aud: 'other' }) }),
      });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as any).errors[0].description).toMatch(
        /audience is "other"/,
      );

      const wheel = makeWheel(work, { name: 'oidc-demo', version: '1.0.0' });
      const upload = await fetch(`${backend.base}/private/`, {
        method: 'POST',
        headers: { authorization: basic(token) },
        body: uploadForm(wheel, 'oidc-demo', '1.0.0'),
      });
      expect(upload.status).toBe(200);
      const provenance = await fetch(
        `${backend.base}/api/v1/repositories/private/packages/oidc-demo/versions/1.0.0/provenance`,
        { headers: { authorization: basic(token) } },
      );
      expect(provenance.status).toBe(200);
      expect(
        ((await provenance.json()) as any).files[0].provenance,
      ).toMatchObject({ repository: 'acme/demo', runId: '9876543210' });
    } finally {
      await backend.stop();
      await issuer.close();
    }
  });

  it('lets a signed-in user mint a personal token that twine-style uploads and pip-style reads then use', async () => {
    const backend = await startBackend({
      database,
      permission: AuthorizeResult.ALLOW,
    });
    try {
      const user = mockCredentials.user.header('user:default/jane');
      const created = await fetch(`${backend.base}/api/v1/me/tokens`, {
        method: 'POST',
        headers: { authorization: user, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'laptop', scopes: ['publish'] }),
      });
      expect(created.status).toBe(201);
      const { token, owner } = (await created.json()) as any;
      expect(owner).toBe('user:default/jane');

      const wheel = makeWheel(work, { name: 'portal-lib', version: '1.0.0' });
      const upload = await fetch(`${backend.base}/default/`, {
        method: 'POST',
        body: uploadForm(wheel, 'portal-lib', '1.0.0'),
        headers: { authorization: basic(token) },
      });
      expect(upload.status).toBe(200);

      // pip reads the public repository anonymously, with file URLs relative to /api/pypi.
      const index = await fetch(`${backend.base}/default/simple/portal-lib/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('portal_lib-1.0.0-py3-none-any.whl');
      const details = await fetch(
        `${backend.base}/api/v1/repositories/default/packages/portal-lib/versions/latest`,
        {
          headers: { authorization: user },
        },
      );
      expect(((await details.json()) as any).files[0].uploadedBy).toBe(
        'user:default/jane via token laptop',
      );

      const listed = (await (
        await fetch(`${backend.base}/api/v1/me/tokens`, {
          headers: { authorization: user },
        })
      ).json()) as any;
      expect(listed.items.map((item: { name: string }) => item.name)).toEqual([
        'laptop',
      ]);
      expect(JSON.stringify(listed)).not.toContain(token);
      // Another user neither sees nor revokes it.
      const other = mockCredentials.user.header('user:default/joe');
      expect(
        (
          (await (
            await fetch(`${backend.base}/api/v1/me/tokens`, {
              headers: { authorization: other },
            })
          ).json()) as any
        ).items,
      ).toEqual([]);
      const id = listed.items[0].id;
      expect(
        (
          await fetch(`${backend.base}/api/v1/me/tokens/${id}`, {
            method: 'DELETE',
            headers: { authorization: other },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await fetch(`${backend.base}/api/v1/me/tokens/${id}`, {
            method: 'DELETE',
            headers: { authorization: user },
          })
        ).status,
      ).toBe(200);
      const revoked = await fetch(`${backend.base}/default/`, {
        method: 'POST',
        body: uploadForm(wheel, 'portal-lib', '1.0.0'),
        headers: { authorization: basic(token) },
      });
      expect(revoked.status).toBe(401);
      expect(revoked.headers.get('www-authenticate')).toMatch(/^Basic/);
    } finally {
      await backend.stop();
    }
  });

  it('lets allowed users manage versions and reports the change to the auditor', async () => {
    const backend = await startBackend({
      database,
      permission: AuthorizeResult.ALLOW,
    });
    try {
      const user = mockCredentials.user.header('user:default/jane');
      const token = (await (
        await fetch(`${backend.base}/api/v1/me/tokens`, {
          method: 'POST',
          headers: { authorization: user, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ci', scopes: ['publish'] }),
        })
      ).json()) as any;
      const wheel = makeWheel(work, { name: 'audited', version: '2.0.0' });
      await fetch(`${backend.base}/default/`, {
        method: 'POST',
        body: uploadForm(wheel, 'audited', '2.0.0'),
        headers: { authorization: basic(token.token) },
      });
      const disable = await fetch(
        `${backend.base}/api/v1/repositories/default/packages/audited/versions/2.0.0/disable`,
        {
          method: 'POST',
          headers: { authorization: user, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'licence problem' }),
        },
      );
      expect(disable.status).toBe(200);
      expect(((await disable.json()) as any).disabled).toMatchObject({
        by: 'user:default/jane',
        reason: 'licence problem',
      });
      expect(backend.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'version-disable',
          meta: expect.objectContaining({
            package: 'audited',
            reason: 'licence problem',
          }),
        }),
      );
      // pip still sees the version, yanked with the reason, and is refused its files.
      const page = (await (
        await fetch(`${backend.base}/default/simple/audited/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        })
      ).json()) as any;
      expect(page.files.map((f: { yanked: unknown }) => f.yanked)).toEqual([
        'disabled: licence problem',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('answers denied writes with 403 and makes denied reads look absent', async () => {
    const backend = await startBackend({
      database,
      permission: AuthorizeResult.DENY,
    });
    try {
      const user = mockCredentials.user.header('user:default/mallory');
      const list = await fetch(
        `${backend.base}/api/v1/repositories/default/packages`,
        { headers: { authorization: user } },
      );
      expect(list.status).toBe(404);
      const disable = await fetch(
        `${backend.base}/api/v1/repositories/default/packages/x/versions/1.0/disable`,
        {
          method: 'POST',
          headers: { authorization: user, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'x' }),
        },
      );
      expect(disable.status).toBe(403);
      expect(disable.statusText).toMatch(/pypi.version.disable/);
      const mint = await fetch(`${backend.base}/api/v1/me/tokens`, {
        method: 'POST',
        headers: { authorization: user, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'sneaky', scopes: ['read'] }),
      });
      expect(mint.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });

  it('mints no token that carries more than its owner may do', async () => {
    // Read everywhere; disable and the rest of "manage" only in the private repository, except deleting.
    const backend = await startBackend({
      database,
      decide: (permission, repository) =>
        permission === 'pypi.package.read' ||
        (repository === 'private' &&
          permission !== 'pypi.version.delete' &&
          permission.startsWith('pypi.version.')) ||
        (repository === 'private' && permission === 'pypi.metadata.update'),
    });
    try {
      const user = mockCredentials.user.header('user:default/dana');
      const mint = (body: unknown) =>
        fetch(`${backend.base}/api/v1/me/tokens`, {
          method: 'POST',
          headers: { authorization: user, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Allowed to disable, but a manage token could also delete (and was once able to purge).
      const manage = await mint({
        name: 'm',
        scopes: ['manage'],
        repositories: ['private'],
      });
      expect(manage.status).toBe(403);
      expect(manage.statusText).toMatch(/version\.delete/);
      expect(
        (
          await mint({
            name: 'p',
            scopes: ['publish'],
            repositories: ['private'],
          })
        ).status,
      ).toBe(403);
      expect((await mint({ name: 'a', scopes: ['admin'] })).status).toBe(403);
      const read = await mint({ name: 'r', scopes: ['read'] });
      expect(read.status).toBe(201);
      expect(((await read.json()) as any).scopes).toEqual(['read']);
      const listed = (await (
        await fetch(`${backend.base}/api/v1/me/tokens`, {
          headers: { authorization: user },
        })
      ).json()) as any;
      expect(listed.items.map((item: { name: string }) => item.name)).toEqual([
        'r',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('lets a manage token do what its owner may, never purge (admins only)', async () => {
    const backend = await startBackend({
      database,
      decide: permission => permission !== 'pypi.admin',
    });
    try {
      const user = mockCredentials.user.header('user:default/erin');
      const created = await fetch(`${backend.base}/api/v1/me/tokens`, {
        method: 'POST',
        headers: { authorization: user, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'm', scopes: ['manage', 'publish'] }),
      });
      expect(created.status).toBe(201);
      const token = ((await created.json()) as any).token;
      const wheel = makeWheel(work, { name: 'binned', version: '1.0.0' });
      expect(
        (
          await fetch(`${backend.base}/default/`, {
            method: 'POST',
            body: uploadForm(wheel, 'binned', '1.0.0'),
            headers: { authorization: basic(token) },
          })
        ).status,
      ).toBe(200);
      const version = `${backend.base}/api/v1/repositories/default/packages/binned/versions/1.0.0`;
      expect(
        (
          await fetch(version, {
            method: 'DELETE',
            headers: { authorization: basic(token) },
          })
        ).status,
      ).toBe(200);
      const purge = await fetch(
        `${backend.base}/api/v1/repositories/default/recycle-bin/binned/1.0.0`,
        { method: 'DELETE', headers: { authorization: basic(token) } },
      );
      expect(purge.status).toBe(403);
      expect(purge.statusText).toMatch(/admin scope/);
      // Nor may the user themselves, without pypi.admin.
      const byUser = await fetch(
        `${backend.base}/api/v1/repositories/default/recycle-bin/binned/1.0.0`,
        { method: 'DELETE', headers: { authorization: user } },
      );
      expect(byUser.status).toBe(403);
      expect(byUser.statusText).toMatch(/pypi\.admin/);
    } finally {
      await backend.stop();
    }
  });

  it('keeps private repositories closed to anonymous pip and rejects invalid Backstage tokens', async () => {
    const backend = await startBackend({
      database,
      permission: AuthorizeResult.ALLOW,
    });
    try {
      const anonymous = await fetch(`${backend.base}/private/simple/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
      const invalid = await fetch(
        `${backend.base}/api/v1/repositories/default/packages`,
        {
          headers: { authorization: mockCredentials.user.invalidHeader() },
        },
      );
      expect(invalid.status).toBe(401);
      const personal = await fetch(`${backend.base}/api/v1/me/tokens`);
      expect(personal.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
