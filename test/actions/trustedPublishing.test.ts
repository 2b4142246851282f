/**
 * End-to-end trusted publishing: the committed action-publish bundle runs as the runner runs it, with
 * ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN pointing at a local OIDC issuer (GitHub's cannot be reached here), against
 * the built standalone server that trusts that issuer. No password anywhere; pip installs the result. Also: a
 * missing id-token permission, a refused exchange, the proxy variables, verbose request logs and source maps.
 */
import path from 'node:path';
import {
  GITHUB_OWNER_ID,
  startOidcIssuer,
  TestIssuer,
} from '@wheelhouse/test-utils/oidcIssuer';
import { ConnectProxy, startConnectProxy } from '../support/connectProxy';
import { buildProject, startRegistryWithTokens } from '../support/fixture';
import { expectStatus, ManagementClient } from '../support/management';
import {
  BuiltDists,
  moduleName,
  pipInstall,
  runPython,
} from '../support/python';
import { RunningRegistry } from '../support/registry';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';
import {
  describeRun,
  expectExit,
  MANAGE_ACTION,
  PUBLISH_ACTION,
  runAction,
} from './runAction';

jest.setTimeout(300_000);

const DEMO = 'wh-trusted-demo';
const AUDIENCE = 'wheelhouse-e2e';
/** A name only the proxy resolves. */
const PROXIED_HOST = 'registry.wheelhouse.test';

let workDir: string;
let issuer: TestIssuer;
let registry: RunningRegistry;
let adminToken: string;
let api: ManagementClient;
let venvs: VenvPool;
let dists: BuiltDists;
let proxy: ConnectProxy;

beforeAll(async () => {
  workDir = makeTempDir('trusted');
  issuer = await startOidcIssuer({ audience: AUDIENCE });
  let tokens: Record<string, string>;
  ({ registry, api, tokens } = await startRegistryWithTokens({
    dataDir: path.join(workDir, 'data'),
    tokens: { admin: ['admin'] },
    config: {
      repositories: [{ name: 'default', anonymousRead: true }],
      oidc: { issuer: issuer.url, audience: AUDIENCE },
      trustedPublishers: [
        {
          repository: 'default',
          project: DEMO,
          repositoryOwner: 'acme',
          repositoryOwnerId: GITHUB_OWNER_ID,
          repositoryName: 'demo',
          workflow: 'release.yml',
          environment: 'pypi',
        },
      ],
    },
  }));
  adminToken = tokens.admin;
  venvs = new VenvPool(path.join(workDir, 'venvs'));
  dists = await buildProject({
    dir: workDir,
    outDir: path.join(workDir, 'dist'),
    project: { name: DEMO, version: '1.0.0' },
  });
  proxy = await startConnectProxy({ [PROXIED_HOST]: '127.0.0.1' });
});

afterAll(async () => {
  await registry?.stop();
  await issuer?.close();
  await proxy?.close();
  await venvs?.drain();
  removeTempDir(workDir);
});

const oidcEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
});

function publish(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return runAction(PUBLISH_ACTION, {
    inputs: {
      'repository-url': `${registry.url}/default/`,
      'packages-dir': path.join(workDir, 'dist'),
      retries: '0',
      ...inputs,
    },
    workDir,
    env,
  });
}

describe('trusted publishing with action-publish', () => {
  it('publishes with no secret when the job may request an OIDC token, and pip installs the result', async () => {
    issuer.requestClaims = { environment: 'pypi' };
    const result = expectExit(await publish({ verbose: 'true' }, oidcEnv()), 0);
    expect(result.stdout).toMatch(
      /Trusted publishing: exchanged this job's OIDC token \(audience wheelhouse-e2e\) for an upload token valid until/,
    );
    // The OIDC token and the minted token are both masked.
    expect(
      result.stdout.match(/^::add-mask::/gm)?.length ?? 0,
    ).toBeGreaterThanOrEqual(2);
    // verbose: every request and its answer, never a credential.
    expect(result.stdout).toMatch(
      new RegExp(
        `GET ${registry.url}/_/oidc/audience answered 200 OK in \\d+ ms`,
      ),
    );
    expect(result.stdout).toMatch(
      new RegExp(`POST ${registry.url}/_/oidc/mint-token answered 200 OK`),
    );
    expect(result.stdout).toMatch(
      new RegExp(`POST ${registry.url}/default/ answered 200 OK`),
    );
    // Nothing but the ::add-mask:: commands themselves may print a token.
    const unmasked = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(unmasked).not.toMatch(/whl_[0-9a-f]{12}_/);
    expect(unmasked).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\./);
    expect(JSON.parse(result.outputs['uploaded-files'])).toHaveLength(2);

    const python = await venvs.take();
    const installed = await pipInstall(python, [DEMO], {
      indexUrl: `${registry.url}/default/simple/`,
    });
    expect(installed.code).toBe(0);
    expect(
      await runPython(
        python,
        `import ${moduleName(DEMO)}; print(${moduleName(DEMO)}.__version__)`,
      ),
    ).toBe('1.0.0');

    const provenance = JSON.parse(
      expectStatus(
        await api.request(
          'GET',
          `/repositories/default/packages/${DEMO}/versions/1.0.0/provenance`,
        ),
      ).body,
    );
    expect(provenance.files.map((f: any) => f.filename).sort()).toEqual(
      [path.basename(dists.sdist), path.basename(dists.wheel)].sort(),
    );
    for (const file of provenance.files)
      expect(file.provenance).toMatchObject({
        repository: 'acme/demo',
        jobWorkflowRef:
          'acme/demo/.github/workflows/release.yml@refs/tags/v1.0.0',
        environment: 'pypi',
        runId: '9876543210',
      });
  });

  it('fails with an annotation naming the id-token permission when the job cannot request a token', async () => {
    const result = expectExit(await publish({ verbose: 'true' }), 1);
    expect(result.stdout).toMatch(
      /^::error title=Trusted publishing needs the id-token%3A write permission::.*add "permissions: id-token: write" to the job/m,
    );
    // The source map turns the bundle's stack into the action's TypeScript files.
    expect(result.stdout).toMatch(/at .*src\/trustedPublishing\.ts:\d+:\d+/);
  });

  it("fails with the registry's reason when no publisher matches", async () => {
    issuer.requestClaims = { environment: 'staging' };
    const result = expectExit(await publish({}, oidcEnv()), 1);
    expect(result.annotations).toContainEqual([
      'error',
      expect.stringMatching(
        /refused the trusted publishing exchange: invalid-publisher: .*runs in environment staging, the publisher requires pypi/,
      ),
    ]);
  });
});

describe('the actions behind a proxy', () => {
  const proxiedUrl = () =>
    `http://${PROXIED_HOST}:${new URL(registry.url).port}/default/`;

  it('fail to reach a host only the proxy resolves without it (ENOTFOUND)', async () => {
    const token = await publishToken();
    const result = expectExit(
      await publish({ 'repository-url': proxiedUrl(), password: token }),
      1,
    );
    expect(result.stdout).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('go through HTTPS_PROXY / HTTP_PROXY, and NO_PROXY bypasses it', async () => {
    const token = await publishToken();
    const proxyEnv = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    const before = proxy.connects.length;
    const published = await publish(
      { 'repository-url': proxiedUrl(), password: token },
      proxyEnv,
    );
    expectExit(published, 0);
    expect(proxy.connects.slice(before)).toContain(
      `${PROXIED_HOST}:${new URL(registry.url).port}`,
    );

    const yanked = await runAction(MANAGE_ACTION, {
      inputs: {
        'repository-url': proxiedUrl(),
        password: adminToken,
        package: DEMO,
        operation: 'yank',
        version: '1.0.0',
        reason: 'broken on Python 3.13',
        retries: '0',
      },
      workDir,
      env: proxyEnv,
    });
    expect(yanked.code).toBe(0);
    const detail = JSON.parse(
      expectStatus(
        await api.request(
          'GET',
          `/repositories/default/packages/${DEMO}/versions/1.0.0`,
        ),
      ).body,
    );
    expect(detail).toMatchObject({
      yanked: true,
      yankedReason: 'broken on Python 3.13',
    });

    const bypassed = await publish(
      { 'repository-url': proxiedUrl(), password: token },
      // @actions/http-client reads no_proxy before NO_PROXY; the test environment sets both.
      { ...proxyEnv, NO_PROXY: PROXIED_HOST, no_proxy: PROXIED_HOST },
    );
    if (bypassed.code === 0) throw new Error(describeRun(bypassed));
    expect(bypassed.stdout).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  async function publishToken() {
    const response = await api.request('POST', '/tokens', {
      name: `proxy-${Date.now()}`,
      scopes: ['publish', 'manage'],
    });
    return JSON.parse(expectStatus(response, 201).body).token as string;
  }
});
