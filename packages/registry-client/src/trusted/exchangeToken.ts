import { HttpError } from '../http/errors';
import { expectOk, HttpRequest, sendRequest, Transport } from '../http/request';
import { RetryOptions, withRetries } from '../http/retry';

export interface TokenExchangeOptions {
  /** The registry's mount point (RepositoryEndpoints.baseUrl). */
  baseUrl: string;
  /** Asks the CI provider for an OIDC token with this audience (GitHub: core.getIDToken). */
  getIdToken: (audience: string) => Promise<string>;
  retry?: RetryOptions;
  userAgent?: string;
  transport?: Transport;
}

export interface ExchangedToken {
  token: string;
  /** ISO time, when the registry says. */
  expires?: string;
  audience: string;
}

/**
 * Trusted publishing, the client side of Warehouse's protocol: ask the registry for its audience
 * (`GET /_/oidc/audience`), get an OIDC token for it from the CI provider, and trade it for a short-lived upload
 * token (`POST /_/oidc/mint-token`). A refusal lists the registry's `{code, description}` errors.
 */
export async function exchangeOidcToken(
  options: TokenExchangeOptions,
): Promise<ExchangedToken> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = {
    accept: 'application/json',
    'user-agent': options.userAgent ?? 'wheelhouse-registry-client',
  };
  const audienceRequest: HttpRequest = {
    method: 'GET',
    url: `${base}/_/oidc/audience`,
    headers,
    timeoutMs: 60_000,
    transport: options.transport,
  };
  let audience: unknown;
  try {
    const response = await withRetries(
      async () => expectOk(audienceRequest, await sendRequest(audienceRequest)),
      options.retry,
    );
    audience = JSON.parse(response.body.toString('utf8')).audience;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404)
      throw new Error(
        `The registry at ${base} does not offer trusted publishing (GET ${audienceRequest.url} answered 404): pass an API token as password instead`,
      );
    throw error;
  }
  if (typeof audience !== 'string' || !audience)
    throw new Error(
      `The registry at ${base} answered no audience for trusted publishing`,
    );

  const idToken = await options.getIdToken(audience);
  const body = Buffer.from(JSON.stringify({ token: idToken }), 'utf8');
  const mintRequest: HttpRequest = {
    method: 'POST',
    url: `${base}/_/oidc/mint-token`,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': body.length,
    },
    body,
    timeoutMs: 60_000,
    transport: options.transport,
  };
  const response = await withRetries(async () => {
    const answer = await sendRequest(mintRequest);
    // 422 is the registry refusing this token: not worth another try.
    return answer.status === 422 ? answer : expectOk(mintRequest, answer);
  }, options.retry);
  let parsed: {
    token?: unknown;
    expires?: unknown;
    errors?: { code?: unknown; description?: unknown }[];
  } = {};
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    // handled below
  }
  if (response.status === 422 || typeof parsed.token !== 'string') {
    const reasons = (parsed.errors ?? [])
      .map(e => `${String(e.code)}: ${String(e.description)}`)
      .join('; ');
    throw new Error(
      `The registry refused the trusted publishing exchange: ${reasons || `${response.status} ${response.statusMessage}`}`,
    );
  }
  return {
    token: parsed.token,
    expires: typeof parsed.expires === 'string' ? parsed.expires : undefined,
    audience,
  };
}
