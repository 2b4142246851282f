import { fakeToolkit } from '@wheelhouse/test-utils/fakeToolkit';
import { readManageInputs } from './inputs';

const base = {
  'repository-url': 'https://pypi.example.com/default/',
  password: 'whl_token',
  package: 'demo-lib',
};
const read = (extra: Record<string, string>) =>
  readManageInputs(fakeToolkit({ ...base, ...extra }));

describe('readManageInputs', () => {
  it('reads an operation with its defaults and masks the token', () => {
    const toolkit = fakeToolkit({
      ...base,
      operation: 'enable',
      version: '1.0',
    });
    const inputs = readManageInputs(toolkit);
    expect(inputs).toMatchObject({
      operation: 'enable',
      package: 'demo-lib',
      username: '__token__',
      dryRun: false,
      retries: 3,
    });
    expect(inputs.selector).toEqual({
      kind: 'exact',
      version: '1.0',
      identity: '1',
    });
    expect(toolkit.secrets[0]).toBe('whl_token');
  });

  it('reads cleanup rules', () => {
    expect(
      read({
        operation: 'cleanup',
        'keep-newest': '3',
        'older-than-days': '30',
        'prereleases-only': 'true',
        'dry-run': 'true',
      }),
    ).toMatchObject({
      cleanup: { keepNewest: 3, olderThanDays: 30, prereleasesOnly: true },
      dryRun: true,
      selector: { kind: 'all' },
    });
  });

  it.each([
    [
      { operation: 'purge', version: '1' },
      /operation must be one of disable, enable, yank, unyank, delete, restore, set-metadata, remove-metadata, tag, untag, cleanup; got "purge"/,
    ],
    [{ operation: 'disable', version: '1' }, /reason is required for disable/],
    [{ operation: 'enable' }, /version is required for enable/],
    [{ operation: 'enable', version: 'banana' }, /neither a PEP 440 version/],
    [
      { operation: 'set-metadata', version: '1' },
      /metadata is required for set-metadata/,
    ],
    [
      { operation: 'remove-metadata', version: '1' },
      /keys is required for remove-metadata/,
    ],
    [
      { operation: 'remove-metadata', version: '1', keys: 'ok, bad key' },
      /Invalid metadata key "bad key"/,
    ],
    [{ operation: 'tag', version: '1' }, /tag is required for tag/],
    [{ operation: 'untag', tag: 'no good' }, /Invalid tag/],
    [
      { operation: 'cleanup' },
      /cleanup needs keep-newest, older-than-days, or both/,
    ],
    [
      { operation: 'cleanup', 'keep-newest': 'two' },
      /keep-newest must be a whole number/,
    ],
    [
      { operation: 'enable', version: '1', 'dry-run': 'maybe' },
      /dry-run must be true or false/,
    ],
    [{ operation: 'enable', version: '1', package: '' }, /package is required/],
  ])('refuses %j', (extra, message) => {
    expect(() => read(extra)).toThrow(message);
  });
});
