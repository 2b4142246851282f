import {
  createLocalJWKSet,
  errors,
  FlattenedJWSInput,
  JSONWebKeySet,
  JWSHeaderParameters,
} from 'jose';
import { Agent, Dispatcher, EnvHttpProxyAgent, fetch } from 'undici';
import { MintError } from './errors';

type KeyLookup = ReturnType<typeof createLocalJWKSet>;
type Key = Awaited<ReturnType<KeyLookup>>;

export interface RemoteKeySetOptions {
  issuer: string;
  /** Default: the `jwks_uri` of the issuer's `/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** The least time between two fetches, also on unknown `kid`s, so a stream of bad tokens cannot hammer the issuer. */
  minRefetchIntervalMs?: number;
  /** How long keys are kept when the answer has no `Cache-Control: max-age`. */
  defaultMaxAgeMs?: number;
  /** The longest time keys are kept, whatever the issuer says. */
  maxMaxAgeMs?: number;
  timeoutMs?: number;
}

interface Fetched {
  keys: KeyLookup;
  fetchedAt: number;
  expiresAt: number;
}

/**
 * The issuer's signing keys, fetched over HTTP and kept as long as its `Cache-Control: max-age` says, refetched
 * when a token names a `kid` the cached set lacks (keys rotate). Not jose's createRemoteJWKSet: that keeps keys
 * for a fixed time and ignores Cache-Control; jose's createLocalJWKSet still does the key selection. With a proxy
 * configured, requests go through undici's EnvHttpProxyAgent, so HTTPS_PROXY / NO_PROXY apply. A failed refetch
 * keeps serving the keys it has; with none it is a 503.
 */
export class RemoteKeySet {
  private current?: Fetched;
  private inflight?: Promise<Fetched>;
  private dispatcher?: Dispatcher;
  private readonly minRefetchIntervalMs: number;
  private readonly defaultMaxAgeMs: number;
  private readonly maxMaxAgeMs: number;

  constructor(private readonly options: RemoteKeySetOptions) {
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
    this.defaultMaxAgeMs = options.defaultMaxAgeMs ?? 5 * 60_000;
    this.maxMaxAgeMs = options.maxMaxAgeMs ?? 24 * 3_600_000;
  }

  /** jose's key-lookup signature: pass `(header, token) => keySet.getKey(header, token)` to jwtVerify. */
  async getKey(
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<Key> {
    let fetched = await this.keys();
    try {
      return await fetched.keys(header, token);
    } catch (error) {
      if (
        !(error instanceof errors.JWKSNoMatchingKey) ||
        Date.now() - fetched.fetchedAt < this.minRefetchIntervalMs
      )
        throw error;
      fetched = await this.refresh();
      return fetched.keys(header, token);
    }
  }

  /** How many times keys were fetched (for tests and diagnostics). */
  fetchCount = 0;

  private async keys(): Promise<Fetched> {
    if (this.current && Date.now() < this.current.expiresAt)
      return this.current;
    return this.refresh();
  }

  /** One fetch at a time; concurrent callers share it. */
  private refresh(): Promise<Fetched> {
    this.inflight ??= this.fetchKeys()
      .then(
        fetched => (this.current = fetched),
        error => {
          if (this.current) {
            // Keep the keys we have, and do not retry before the interval.
            this.current.fetchedAt = Date.now();
            return this.current;
          }
          throw error;
        },
      )
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchKeys(): Promise<Fetched> {
    this.fetchCount++;
    const issuer = this.options.issuer.replace(/\/+$/, '');
    let jwksUrl = this.options.jwksUrl;
    if (!jwksUrl) {
      const { body } = await this.getJson(
        `${issuer}/.well-known/openid-configuration`,
      );
      const uri = (body as { jwks_uri?: unknown }).jwks_uri;
      if (typeof uri !== 'string')
        throw unavailable(issuer, 'its OpenID configuration has no jwks_uri');
      jwksUrl = uri;
    }
    const { body, maxAgeMs } = await this.getJson(jwksUrl);
    if (!Array.isArray((body as JSONWebKeySet).keys))
      throw unavailable(issuer, `${jwksUrl} is not a JSON Web Key Set`);
    const fetchedAt = Date.now();
    const ttl = Math.min(
      this.maxMaxAgeMs,
      Math.max(this.minRefetchIntervalMs, maxAgeMs ?? this.defaultMaxAgeMs),
    );
    return {
      keys: createLocalJWKSet(body as JSONWebKeySet),
      fetchedAt,
      expiresAt: fetchedAt + ttl,
    };
  }

  /**
   * Its own connection pool, made on first use; EnvHttpProxyAgent only with a proxy set, since undici warns that it
   * is experimental.
   */
  private proxy(): Dispatcher {
    const env = process.env;
    this.dispatcher ??=
      env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
        ? new EnvHttpProxyAgent()
        : new Agent();
    return this.dispatcher;
  }

  private async getJson(
    url: string,
  ): Promise<{ body: unknown; maxAgeMs?: number }> {
    let response;
    try {
      response = await fetch(url, {
        dispatcher: this.proxy(),
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw unavailable(
        this.options.issuer,
        `${url}: ${(error as Error).cause ?? (error as Error).message}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(
        this.options.issuer,
        `${url} answered ${response.status}`,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw unavailable(this.options.issuer, `${url} did not answer JSON`);
    }
    return {
      body,
      maxAgeMs: maxAge(response.headers.get('cache-control')),
    };
  }
}

/** `max-age` of a Cache-Control header in ms; `no-store` / `no-cache` are 0 (bounded below by the refetch interval). */
export function maxAge(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(header)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return match ? Number(match[1]) * 1000 : undefined;
}

function unavailable(issuer: string, why: string): MintError {
  return new MintError(
    'issuer-unavailable',
    `The keys of the token issuer ${issuer} could not be fetched (${why}); try again in a minute`,
  );
}
