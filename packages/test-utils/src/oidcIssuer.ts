/**
 * A local OpenID Connect issuer for tests, standing in for GitHub Actions' (which cannot be reached here): RSA key
 * pairs, a discovery document and JWKS endpoint on loopback, tokens with the claims GitHub puts in them, and the
 * runner's token-request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN) for running an action.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TestIssuer {
  /** The issuer URL (`iss`), e.g. http://127.0.0.1:41234 */
  url: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_URL: answers `{"value": <token>}` for `?audience=`. */
  requestUrl: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** A signed token: GitHub's claims for a tag push of acme/demo's release.yml, with these changed. */
  token(
    claims?: Record<string, unknown>,
    options?: {
      /** Sign with a key the JWKS does not publish. */
      unpublishedKey?: boolean;
      /** Sign with another key but name a published kid (a forged signature). */
      forgeSignature?: boolean;
      lifetimeSeconds?: number;
    },
  ): Promise<string>;
  /** Claims the request endpoint puts in the tokens it hands out (on top of the defaults). */
  requestClaims: Record<string, unknown>;
  /** Adds a new signing key, published from now on, used for the next tokens. */
  rotateKey(): Promise<string>;
  /** How often the JWKS was fetched. */
  jwksFetches(): number;
  /** The Cache-Control header the JWKS answers with. */
  cacheControl: string;
  close(): Promise<void>;
}

export const GITHUB_OWNER_ID = '4242';

/** GitHub's claim set for `acme/demo`, workflow release.yml, a push of tag v1.0.0. */
export function githubClaims(
  issuer: string,
  audience: string,
): Record<string, unknown> {
  const sha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  const ref = 'refs/tags/v1.0.0';
  return {
    jti: crypto.randomUUID(),
    sub: `repo:acme/demo:ref:${ref}`,
    aud: audience,
    ref,
    sha,
    repository: 'acme/demo',
    repository_owner: 'acme',
    repository_owner_id: GITHUB_OWNER_ID,
    run_id: '9876543210',
    run_number: '17',
    run_attempt: '1',
    repository_visibility: 'private',
    repository_id: '777000111',
    actor_id: '583231',
    actor: 'octocat',
    workflow: 'Release',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_protected: 'true',
    ref_type: 'tag',
    workflow_ref: `acme/demo/.github/workflows/release.yml@${ref}`,
    workflow_sha: sha,
    job_workflow_ref: `acme/demo/.github/workflows/release.yml@${ref}`,
    job_workflow_sha: sha,
    runner_environment: 'github-hosted',
    iss: issuer,
  };
}

export async function startOidcIssuer(
  options: { cacheControl?: string; audience?: string } = {},
): Promise<TestIssuer> {
  const keys: { kid: string; privateKey: PrivateKey; jwk: JWK }[] = [];
  const addKey = async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const kid = crypto.randomBytes(8).toString('hex');
    keys.push({
      kid,
      privateKey: pair.privateKey,
      jwk: {
        ...(await exportJWK(pair.publicKey)),
        kid,
        alg: 'RS256',
        use: 'sig',
      },
    });
    return kid;
  };
  await addKey();
  let fetches = 0;
  const requestToken = crypto.randomBytes(16).toString('hex');

  const issuer: TestIssuer = {
    url: '',
    requestUrl: '',
    requestToken,
    requestClaims: {},
    cacheControl: options.cacheControl ?? 'public, max-age=3600',
    jwksFetches: () => fetches,
    rotateKey: addKey,
    async token(claims = {}, tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const lifetime = tokenOptions.lifetimeSeconds ?? 300;
      const payload = {
        ...githubClaims(issuer.url, options.audience ?? 'wheelhouse'),
        nbf: now - 5,
        iat: now - 5,
        exp: now + lifetime,
        ...claims,
      };
      const current = keys[keys.length - 1];
      let key = current.privateKey;
      let kid = current.kid;
      if (tokenOptions.unpublishedKey || tokenOptions.forgeSignature) {
        key = (await generateKeyPair('RS256')).privateKey;
        if (tokenOptions.unpublishedKey) kid = 'not-published';
      }
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .sign(key);
    },
    close: async () => undefined,
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer.url);
    const json = (status: number, body: unknown, headers = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...headers,
      });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer: issuer.url,
        jwks_uri: `${issuer.url}/.well-known/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (url.pathname === '/.well-known/jwks') {
      fetches++;
      return json(
        200,
        { keys: keys.map(k => k.jwk) },
        { 'cache-control': issuer.cacheControl },
      );
    }
    if (url.pathname === '/token-request') {
      if (request.headers.authorization !== `Bearer ${requestToken}`)
        return json(401, { message: 'Bad credentials' });
      const audience = url.searchParams.get('audience');
      void issuer
        .token({
          ...(audience ? { aud: audience } : {}),
          ...issuer.requestClaims,
        })
        .then(value => json(200, { count: 1, value }));
      return undefined;
    }
    return json(404, { message: 'Not Found' });
  });
  issuer.close = () =>
    new Promise(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  issuer.url = `http://127.0.0.1:${port}`;
  issuer.requestUrl = `${issuer.url}/token-request?api-version=2.0`;
  return issuer;
}
