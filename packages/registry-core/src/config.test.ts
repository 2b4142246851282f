import { serverTimeouts, validateServerConfig } from './config';
import { DEFAULT_SERVER_TIMEOUTS } from './limits';

describe('server timeouts in the configuration', () => {
  it('defaults every timeout, and takes those given', () => {
    expect(serverTimeouts({})).toEqual(DEFAULT_SERVER_TIMEOUTS);
    expect(DEFAULT_SERVER_TIMEOUTS.requestTimeoutMs).toBeGreaterThan(0);
    expect(
      serverTimeouts(
        validateServerConfig({ server: { requestTimeoutMs: 3_600_000 } }),
      ),
    ).toEqual({ ...DEFAULT_SERVER_TIMEOUTS, requestTimeoutMs: 3_600_000 });
  });

  it.each([
    [{ server: [] }, /server must be an object/],
    [
      { server: { requestTimeout: 1000 } },
      /Unknown setting server.requestTimeout/,
    ],
    [{ server: { requestTimeoutMs: 0 } }, /above 0/],
    [{ server: { idleTimeoutMs: -1 } }, /above 0/],
    [{ server: { bodyTimeoutMs: 1.5 } }, /whole number/],
    [{ server: { bodyTimeoutMs: '10s' } }, /whole number/],
    [
      { server: { headersTimeoutMs: 60_000, requestTimeoutMs: 30_000 } },
      /headersTimeoutMs must not be longer/,
    ],
  ])('refuses %j', (config, message) => {
    expect(() => validateServerConfig(config)).toThrow(message);
  });
});
