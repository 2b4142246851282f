import { LocalChangeFeed } from '../events/LocalChangeFeed';
import { CachingTokenStore } from './CachingTokenStore';
import { TokenRecord, TokenStore } from './TokenStore';

function innerStore(record: TokenRecord) {
  const verify = jest.fn(async (secret: string) =>
    secret === 'whl_good' && !record.revokedAt ? record : undefined,
  );
  const store = {
    verify,
    revoke: jest.fn(async () => {
      record.revokedAt = 'now';
      return true;
    }),
  } as unknown as TokenStore;
  return { store, verify };
}

describe('CachingTokenStore', () => {
  const base: TokenRecord = {
    id: 't1',
    name: 'ci',
    scopes: ['read'],
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  it('verifies a token once within the TTL, and not failed ones', async () => {
    const { store, verify } = innerStore({ ...base });
    const tokens = new CachingTokenStore({
      tokens: store,
      changes: new LocalChangeFeed(),
    });
    expect((await tokens.verify('whl_good'))?.id).toBe('t1');
    expect((await tokens.verify('whl_good'))?.id).toBe('t1');
    expect(await tokens.verify('whl_bad')).toBeUndefined();
    expect(await tokens.verify('whl_bad')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('looks a token up again once its own expiry passed, though within the TTL', async () => {
    let clock = Date.parse('2026-06-01T00:00:00.000Z');
    const { store, verify } = innerStore({
      ...base,
      expiresAt: '2026-06-01T01:00:00.000Z',
    });
    const tokens = new CachingTokenStore({
      tokens: store,
      changes: new LocalChangeFeed(),
      now: () => clock,
      ttlMs: 24 * 3600_000,
    });
    await tokens.verify('whl_good');
    await tokens.verify('whl_good');
    expect(verify).toHaveBeenCalledTimes(1);
    clock += 2 * 3600_000;
    await tokens.verify('whl_good');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('forgets a token when a change feed reports it, and when it is revoked here', async () => {
    const changes = new LocalChangeFeed();
    const { store, verify } = innerStore({ ...base });
    const tokens = new CachingTokenStore({ tokens: store, changes });
    await tokens.verify('whl_good');
    changes.publish({ type: 'token', tokenId: 'other' });
    await tokens.verify('whl_good');
    expect(verify).toHaveBeenCalledTimes(1);
    changes.publish({ type: 'token', tokenId: 't1' });
    await tokens.verify('whl_good');
    expect(verify).toHaveBeenCalledTimes(2);
    await tokens.revoke('t1');
    expect(await tokens.verify('whl_good')).toBeUndefined();
  });
});
