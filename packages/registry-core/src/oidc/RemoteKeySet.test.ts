import { decodeProtectedHeader } from 'jose';
import { startOidcIssuer } from '@wheelhouse/test-utils/oidcIssuer';
import { MintError } from './errors';
import { maxAge, RemoteKeySet } from './RemoteKeySet';

async function lookUp(keys: RemoteKeySet, token: string) {
  const [header, payload, signature] = token.split('.');
  return keys.getKey(decodeProtectedHeader(token), {
    protected: header,
    payload,
    signature,
  });
}

describe('RemoteKeySet', () => {
  it('keeps keys as long as Cache-Control max-age says, then fetches them again', async () => {
    const issuer = await startOidcIssuer({ cacheControl: 'public, max-age=1' });
    try {
      const keys = new RemoteKeySet({
        issuer: issuer.url,
        minRefetchIntervalMs: 0,
      });
      const token = await issuer.token();
      await lookUp(keys, token);
      await lookUp(keys, token);
      expect(issuer.jwksFetches()).toBe(1);
      await new Promise(resolve => setTimeout(resolve, 1100));
      await lookUp(keys, token);
      expect(issuer.jwksFetches()).toBe(2);
    } finally {
      await issuer.close();
    }
  });

  it('refetches for an unknown kid at most once per interval', async () => {
    const issuer = await startOidcIssuer();
    try {
      const keys = new RemoteKeySet({
        issuer: issuer.url,
        minRefetchIntervalMs: 60_000,
      });
      await lookUp(keys, await issuer.token());
      const unknown = await issuer.token({}, { unpublishedKey: true });
      await Promise.all(
        Array.from({ length: 5 }, () =>
          expect(lookUp(keys, unknown)).rejects.toThrow(/no applicable key/),
        ),
      );
      expect(issuer.jwksFetches()).toBe(1);
    } finally {
      await issuer.close();
    }
  });

  it('is a 503 with the reason when the issuer cannot be reached, and keeps serving keys it has', async () => {
    const issuer = await startOidcIssuer({ cacheControl: 'max-age=0' });
    const token = await issuer.token();
    const keys = new RemoteKeySet({
      issuer: issuer.url,
      minRefetchIntervalMs: 0,
    });
    await lookUp(keys, token);
    await issuer.close();
    await expect(lookUp(keys, token)).resolves.toBeDefined();
    const fresh = new RemoteKeySet({ issuer: issuer.url });
    const error = await lookUp(fresh, token).catch(e => e);
    expect(error).toBeInstanceOf(MintError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(
      /keys of the token issuer .* could not be fetched/,
    );
  });

  it('reads max-age and treats no-store and no-cache as nothing to keep', () => {
    expect(maxAge('public, max-age=600')).toBe(600_000);
    expect(maxAge('max-age="60", must-revalidate')).toBe(60_000);
    expect(maxAge('no-store')).toBe(0);
    expect(maxAge('private, no-cache')).toBe(0);
    expect(maxAge('public')).toBeUndefined();
    expect(maxAge(null)).toBeUndefined();
  });
});
