import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeSdist, makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  GITHUB_OWNER_ID,
  startOidcIssuer,
  TestIssuer,
} from '@wheelhouse/test-utils/oidcIssuer';
import {
  startTestServer,
  TEST_CONFIG,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const AUDIENCE = 'wheelhouse-test';
const PUBLISHER = {
  repositoryOwner: 'Acme',
  repositoryOwnerId: GITHUB_OWNER_ID,
  repositoryName: 'demo',
  workflow: '.github/workflows/release.yml',
  environment: 'PyPI',
  refPattern: 'refs/tags/v*',
};

describe.each(TEST_DATABASES)('trusted publishing on %s', kind => {
  let issuer: TestIssuer;
  let test: TestServer;
  let work: string;

  const json = async (
    method: string,
    url: string,
    token?: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${test.url}${url}`, {
      method,
      headers: {
        ...(token ? { authorization: test.auth(token) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return {
      status: response.status,
      body: parsed,
      reason: response.statusText,
    };
  };
  const mint = (token: string) =>
    json('POST', '/_/oidc/mint-token', undefined, { token });
  /** A token the publisher above accepts: its environment, a tag. */
  const good = (claims: Record<string, unknown> = {}) =>
    issuer.token({ environment: 'pypi', ...claims });

  beforeAll(async () => {
    issuer = await startOidcIssuer({ audience: AUDIENCE });
    test = await startTestServer(kind, {
      ...TEST_CONFIG,
      oidc: {
        issuer: issuer.url,
        audience: AUDIENCE,
        jwksRefetchIntervalSeconds: 0,
      },
      trustedPublishers: [
        {
          repository: 'private',
          project: 'Configured_Pkg',
          repositoryOwner: 'acme',
          repositoryOwnerId: GITHUB_OWNER_ID,
          repositoryName: 'demo',
          workflow: 'release.yml',
          environment: 'pypi',
          refPattern: 'refs/tags/**',
        },
      ],
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-oidc-'));
  });
  afterAll(async () => {
    await test.stop();
    await issuer.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('answers the audience at /_/oidc/audience without credentials', async () => {
    expect(await json('GET', '/_/oidc/audience')).toMatchObject({
      status: 200,
      body: { audience: AUDIENCE },
    });
  });

  it('lets only admins add publishers, and says which field is wrong', async () => {
    const url =
      '/api/v1/repositories/default/packages/trusted-pkg/trusted-publishers';
    expect(
      (await json('POST', url, test.tokens.manager, PUBLISHER)).status,
    ).toBe(403);
    const missingId = await json('POST', url, test.tokens.admin, {
      ...PUBLISHER,
      repositoryOwnerId: undefined,
    });
    expect(missingId.status).toBe(400);
    expect(missingId.body.error.message).toMatch(
      /repositoryOwnerId must be the numeric id of Acme/,
    );
    const added = await json('POST', url, test.tokens.admin, PUBLISHER);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      repository: 'default',
      project: 'trusted-pkg',
      pending: true,
      githubRepository: 'acme/demo',
      workflow: 'release.yml',
      environment: 'pypi',
      refPattern: 'refs/tags/v*',
      source: 'api',
    });
    expect((await json('POST', url, test.tokens.admin, PUBLISHER)).status).toBe(
      409,
    );
    const listed = await json(
      'GET',
      '/api/v1/repositories/default/trusted-publishers',
      test.tokens.reader,
    );
    expect(listed.body.items.map((p: any) => p.project)).toEqual([
      'trusted-pkg',
    ]);
    const configured = await json(
      'GET',
      '/api/v1/repositories/private/trusted-publishers',
      test.tokens.admin,
    );
    expect(configured.body.items).toMatchObject([
      { project: 'configured-pkg', source: 'config', pending: true },
    ]);
    const removeConfigured = await json(
      'DELETE',
      `/api/v1/repositories/private/trusted-publishers/${configured.body.items[0].id}`,
      test.tokens.admin,
    );
    expect(removeConfigured.status).toBe(409);
  });

  it('mints a short-lived token for the matching projects that uploads with no secret and records provenance', async () => {
    const minted = await mint(await good());
    expect(minted.status).toBe(200);
    expect(minted.body.success).toBe(true);
    expect(minted.body.token).toMatch(/^whl_/);
    const lifetime = Date.parse(minted.body.expires) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    expect(minted.body.projects).toEqual(
      expect.arrayContaining([
        { repository: 'default', project: 'trusted-pkg' },
        { repository: 'private', project: 'configured-pkg' },
      ]),
    );
    const wheel = makeWheel(work, { name: 'trusted_pkg', version: '1.0.0' });
    const sdist = makeSdist(work, { name: 'trusted_pkg', version: '1.0.0' });
    expect(
      (await uploadFile(test, wheel, { token: minted.body.token })).status,
    ).toBe(200);
    expect(
      (await uploadFile(test, sdist, { token: minted.body.token })).status,
    ).toBe(200);

    const provenance = await json(
      'GET',
      '/api/v1/repositories/default/packages/trusted-pkg/versions/1.0.0/provenance',
      test.tokens.reader,
    );
    expect(provenance.status).toBe(200);
    expect(provenance.body.files).toHaveLength(2);
    for (const file of provenance.body.files)
      expect(file.provenance).toMatchObject({
        issuer: issuer.url,
        repository: 'acme/demo',
        repositoryOwnerId: GITHUB_OWNER_ID,
        jobWorkflowRef:
          'acme/demo/.github/workflows/release.yml@refs/tags/v1.0.0',
        sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        ref: 'refs/tags/v1.0.0',
        eventName: 'push',
        environment: 'pypi',
        runId: '9876543210',
        runAttempt: '1',
        runnerEnvironment: 'github-hosted',
        links: {
          commit:
            'https://github.com/acme/demo/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
          run: 'https://github.com/acme/demo/actions/runs/9876543210/attempts/1',
        },
      });
    const version = await json(
      'GET',
      '/api/v1/repositories/default/packages/trusted-pkg/versions/1.0.0',
      test.tokens.reader,
    );
    expect(version.body.files[0].uploadedBy).toMatch(
      /^github:acme\/demo via token release\.yml run 9876543210$/,
    );
    // The first upload created the project: its pending publisher is an ordinary one now.
    const publishers = await json(
      'GET',
      '/api/v1/repositories/default/packages/trusted-pkg/trusted-publishers',
      test.tokens.reader,
    );
    expect(publishers.body.items).toMatchObject([{ pending: false }]);
    const audit = await json(
      'GET',
      '/api/v1/repositories/default/audit?package=trusted-pkg',
      test.tokens.reader,
    );
    expect(audit.body.map((e: any) => e.action)).toEqual(
      expect.arrayContaining([
        'oidc.token-minted',
        'trusted-publisher.add',
        'upload',
      ]),
    );
  });

  it('keeps a minted token to its projects and to uploading, and lets no token change provenance', async () => {
    const { body } = await mint(await good());
    const token = body.token;
    const other = makeWheel(path.join(work, 'other'), {
      name: 'other-pkg',
      version: '1.0.0',
    });
    const refused = await uploadFile(test, other, { token });
    expect(refused.status).toBe(403);
    expect(refused.statusText).toMatch(
      /minted by trusted publishing for trusted-pkg in default, configured-pkg in private; it cannot upload other-pkg to default/,
    );
    expect(
      (
        await json(
          'GET',
          '/api/v1/repositories/default/packages/other-pkg',
          test.tokens.admin,
        )
      ).status,
    ).toBe(404);
    const base =
      '/api/v1/repositories/default/packages/trusted-pkg/versions/1.0.0';
    expect(
      (
        await json('PATCH', `${base}/metadata`, token, {
          set: { 'github.sha': 'fff' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await json('POST', `${base}/disable`, token, { reason: 'x' })).status,
    ).toBe(403);
    expect(
      (
        await json(
          'POST',
          '/api/v1/repositories/default/trusted-publishers',
          token,
          { ...PUBLISHER, project: 'other-pkg' },
        )
      ).status,
    ).toBe(403);

    const before = (await json('GET', `${base}/provenance`, test.tokens.admin))
      .body;
    for (const method of ['PUT', 'POST', 'PATCH', 'DELETE'])
      expect(
        (
          await json(method, `${base}/provenance`, test.tokens.admin, {
            sha: 'fff',
          })
        ).status,
      ).toBe(404);
    expect(
      (
        await json('PATCH', `${base}/metadata`, test.tokens.admin, {
          set: { 'github.sha': 'fff' },
        })
      ).status,
    ).toBe(200);
    // Deleting to the recycle bin and restoring keeps it; it is the upload's, not the version's state.
    expect(
      (await json('DELETE', base, test.tokens.admin, { reason: 'test' }))
        .status,
    ).toBe(200);
    expect(
      (
        await json(
          'POST',
          '/api/v1/repositories/default/recycle-bin/trusted-pkg/1.0.0/restore',
          test.tokens.admin,
        )
      ).status,
    ).toBe(200);
    expect(
      (await json('GET', `${base}/provenance`, test.tokens.admin)).body,
    ).toEqual(before);
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    [
      'another repository',
      () =>
        good({
          repository: 'acme/other',
          sub: 'repo:acme/other:ref:refs/tags/v1.0.0',
          job_workflow_ref:
            'acme/other/.github/workflows/release.yml@refs/tags/v1.0.0',
        }),
      /no trusted publisher is set up for GitHub repository acme\/other/,
    ],
    [
      'another owner id with the same name',
      () => good({ repository_owner_id: '99999' }),
      /owner acme has id 99999, the publisher was set up for id 4242 .*deleted and re-created/,
    ],
    [
      'another workflow',
      () =>
        good({
          job_workflow_ref:
            'acme/demo/.github/workflows/nightly.yml@refs/tags/v1.0.0',
        }),
      /job runs workflow acme\/demo\/\.github\/workflows\/nightly\.yml, the publisher names acme\/demo\/\.github\/workflows\/release\.yml/,
    ],
    [
      'a reusable workflow of another repository',
      () =>
        good({
          job_workflow_ref: 'evil/tools/.github/workflows/release.yml@main',
        }),
      /job runs workflow evil\/tools\/\.github\/workflows\/release\.yml/,
    ],
    [
      'another environment',
      () => good({ environment: 'staging' }),
      /runs in environment staging, the publisher requires pypi/,
    ],
    [
      'no environment',
      () => issuer.token(),
      /requires environment pypi, the job runs in none/,
    ],
    [
      'a ref outside the pattern',
      () =>
        good({
          ref: 'refs/heads/main',
          job_workflow_ref:
            'acme/demo/.github/workflows/release.yml@refs/heads/main',
        }),
      /ref refs\/heads\/main does not match the publisher's ref pattern refs\/tags\/v\*/,
    ],
    [
      'an expired token',
      () =>
        good({
          exp: Math.floor(Date.now() / 1000) - 120,
          iat: Math.floor(Date.now() / 1000) - 600,
          nbf: Math.floor(Date.now() / 1000) - 600,
        }),
      /token expired at .*request a fresh one/,
    ],
    [
      'a token not valid yet',
      () => good({ nbf: Math.floor(Date.now() / 1000) + 600 }),
      /not valid yet/,
    ],
    [
      'a wrong audience',
      () => good({ aud: 'pypi' }),
      /audience is "pypi", but this registry's is "wheelhouse-test"/,
    ],
    [
      'another issuer',
      () => good({ iss: 'https://token.actions.example.com' }),
      /issued by "https:\/\/token\.actions\.example\.com"; this registry trusts tokens of http:\/\/127\.0\.0\.1/,
    ],
    [
      'a bad signature',
      () => issuer.token({ environment: 'pypi' }, { forgeSignature: true }),
      /signature does not verify/,
    ],
    [
      'an unknown key',
      () => issuer.token({ environment: 'pypi' }, { unpublishedKey: true }),
      /key .* does not publish \(unknown kid\)/,
    ],
    ['a token that is no JWT', async () => 'not-a-jwt', /not a JSON Web Token/],
  ];
  it.each(refusals)(
    'refuses %s with its reason',
    async (_what, make, reason) => {
      const response = await mint(await make());
      expect(response.status).toBe(422);
      expect(response.body.message).toBe('Token request failed');
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].code).toMatch(
        /^invalid-(token|publisher)$/,
      );
      expect(response.body.errors[0].description).toMatch(reason);
      expect(response.reason).toMatch(reason);
    },
  );

  it('refuses a body without a token as invalid-payload', async () => {
    for (const body of [{}, { token: 42 }, 'x']) {
      const response = await json(
        'POST',
        '/_/oidc/mint-token',
        undefined,
        body,
      );
      expect(response.status).toBe(422);
      expect(response.body.errors[0].code).toBe('invalid-payload');
    }
    const notJson = await fetch(`${test.url}/_/oidc/mint-token`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(422);
    expect(((await notJson.json()) as any).errors[0].code).toBe(
      'invalid-payload',
    );
  });

  it('accepts a jti once, also when the same token is sent many times at once', async () => {
    const token = await good();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => mint(token)),
    );
    expect(answers.filter(a => a.status === 200)).toHaveLength(1);
    for (const refused of answers.filter(a => a.status !== 200)) {
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].description).toMatch(
        /already exchanged; each token is accepted once/,
      );
    }
    expect((await mint(token)).status).toBe(422);
  });

  it('caches the issuer keys and fetches them again for a new key id', async () => {
    const fetches = issuer.jwksFetches();
    expect((await mint(await good())).status).toBe(200);
    expect(issuer.jwksFetches()).toBe(fetches);
    await issuer.rotateKey();
    expect((await mint(await good())).status).toBe(200);
    expect(issuer.jwksFetches()).toBe(fetches + 1);
  });

  it('removes a pending publisher whose project someone else created, and says so', async () => {
    const url =
      '/api/v1/repositories/default/packages/taken-pkg/trusted-publishers';
    expect(
      (
        await json('POST', url, test.tokens.admin, {
          ...PUBLISHER,
          environment: 'release',
        })
      ).body.pending,
    ).toBe(true);
    const wheel = makeWheel(path.join(work, 'taken'), {
      name: 'taken-pkg',
      version: '1.0.0',
    });
    expect(
      (await uploadFile(test, wheel, { token: test.tokens.publisher })).status,
    ).toBe(200);
    const response = await mint(await issuer.token({ environment: 'release' }));
    expect(response.status).toBe(422);
    expect(response.body.errors[0].code).toBe('invalid-pending-publisher');
    expect(response.body.errors[0].description).toMatch(
      /project default\/taken-pkg was created since its pending publisher was added/,
    );
    expect((await json('GET', url, test.tokens.admin)).body.items).toEqual([]);
  });
});

describe('minted tokens expire', () => {
  it('refuses an upload once the minted token has expired', async () => {
    const issuer = await startOidcIssuer();
    const test = await startTestServer('sqlite', {
      ...TEST_CONFIG,
      oidc: { issuer: issuer.url, tokenLifetimeSeconds: 1 },
      trustedPublishers: [
        {
          repository: 'default',
          project: 'short-lived',
          repositoryOwner: 'acme',
          repositoryOwnerId: GITHUB_OWNER_ID,
          repositoryName: 'demo',
          workflow: 'release.yml',
        },
      ],
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-oidc-'));
    try {
      const response = await fetch(`${test.url}/_/oidc/mint-token`, {
        method: 'POST',
        body: JSON.stringify({ token: await issuer.token() }),
      });
      const { token, expires } = (await response.json()) as any;
      expect(Date.parse(expires) - Date.now()).toBeLessThanOrEqual(1000);
      await new Promise(resolve => setTimeout(resolve, 1200));
      const wheel = makeWheel(work, { name: 'short-lived', version: '1.0.0' });
      const refused = await uploadFile(test, wheel, { token });
      expect(refused.status).toBe(401);
      expect(refused.statusText).toMatch(/Invalid or expired API token/);
    } finally {
      await test.stop();
      await issuer.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
