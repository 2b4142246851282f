import { checkKnownKeys, KeyShape } from './configKeys';
import { validateServerConfig } from './config';

const shape: KeyShape = {
  storage: { type: true, directory: true },
  repositories: [{ name: true, anonymousRead: true }],
  oidc: true,
};

describe('checkKnownKeys', () => {
  it('accepts known keys, and any value under a key whose value it does not check', () => {
    expect(() =>
      checkKnownKeys(
        {
          storage: { type: 'local' },
          repositories: [{ name: 'a', anonymousRead: true }],
          oidc: { anything: 1 },
        },
        shape,
        'pypi',
      ),
    ).not.toThrow();
  });

  it('names a misspelt key and the key it is nearest to', () => {
    expect(() => checkKnownKeys({ stroage: {} }, shape, 'pypi')).toThrow(
      'Unknown setting pypi.stroage: did you mean pypi.storage?',
    );
    expect(() =>
      checkKnownKeys({ storage: { directroy: 'x' } }, shape, 'pypi'),
    ).toThrow(
      'Unknown setting pypi.storage.directroy: did you mean pypi.storage.directory?',
    );
  });

  it('compares without case, so a lower-case key finds its camel-case original', () => {
    expect(() =>
      checkKnownKeys(
        { repositories: [{ name: 'a' }, { name: 'b', anonymousread: true }] },
        shape,
        'pypi',
      ),
    ).toThrow(
      'Unknown setting pypi.repositories[1].anonymousread: did you mean pypi.repositories[1].anonymousRead?',
    );
  });

  it('lists the known keys when none is near', () => {
    expect(() => checkKnownKeys({ colour: 'red' }, shape, 'pypi')).toThrow(
      'Unknown setting pypi.colour; pypi may hold storage, repositories, oidc',
    );
  });
});

describe('validateServerConfig', () => {
  it('rejects an unknown key of the standalone configuration, naming the nearest', () => {
    expect(() => validateServerConfig({ retentiondays: 3 })).toThrow(
      'Unknown setting retentiondays: did you mean retentionDays?',
    );
    expect(() =>
      validateServerConfig({
        repositories: [{ name: 'default', anonymousread: true }],
      }),
    ).toThrow(
      'Unknown setting repositories[0].anonymousread: did you mean repositories[0].anonymousRead?',
    );
    expect(() => validateServerConfig({ oidc: { audiance: 'x' } })).toThrow(
      'Unknown setting oidc.audiance: did you mean oidc.audience?',
    );
  });

  it('accepts every documented key', () => {
    expect(() =>
      validateServerConfig({
        repositories: [
          {
            name: 'default',
            description: 'd',
            anonymousRead: true,
            disabledVersions: 'hidden',
          },
        ],
        maxUploadBytes: 10,
        retentionDays: null,
        baseUrl: 'http://x',
        indexCacheTtlMs: 0,
        oidc: { audience: 'wheelhouse' },
        trustedPublishers: [],
      }),
    ).not.toThrow();
  });
});
