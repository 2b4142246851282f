import { isPrereleaseVersion, latestVersions } from './latest';

const v = (version: string, installable = true) => ({ version, installable });
const names = (result: ReturnType<typeof latestVersions>) => ({
  latest: result.latest?.version,
  latestPrerelease: result.latestPrerelease?.version,
});

describe('latestVersions', () => {
  it('is the newest final release, with a newer pre-release beside it', () => {
    expect(
      names(
        latestVersions([v('1.0.0'), v('2.0.0rc1'), v('1.2.0'), v('1.1.0')]),
      ),
    ).toEqual({ latest: '1.2.0', latestPrerelease: '2.0.0rc1' });
  });

  it('counts dev releases as pre-releases and post releases as finals (PEP 440 order)', () => {
    expect(
      names(latestVersions([v('1.0'), v('1.0.post1'), v('1.1.dev3')])),
    ).toEqual({ latest: '1.0.post1', latestPrerelease: '1.1.dev3' });
  });

  it('leaves out a pre-release older than the latest final', () => {
    expect(names(latestVersions([v('1.0b1'), v('1.0')]))).toEqual({
      latest: '1.0',
      latestPrerelease: undefined,
    });
  });

  it('skips versions that are not installable (disabled, yanked, deleted)', () => {
    expect(
      names(
        latestVersions([v('0.1.0'), v('0.2.0', false), v('0.3.0a1', false)]),
      ),
    ).toEqual({ latest: '0.1.0', latestPrerelease: undefined });
  });

  it('falls back to the newest pre-release only when no final release is installable', () => {
    expect(
      names(latestVersions([v('1.0.0', false), v('1.1.0b2'), v('1.1.0b1')])),
    ).toEqual({ latest: '1.1.0b2', latestPrerelease: undefined });
    expect(names(latestVersions([v('1.0.0', false)]))).toEqual({
      latest: undefined,
      latestPrerelease: undefined,
    });
    expect(names(latestVersions([]))).toEqual({
      latest: undefined,
      latestPrerelease: undefined,
    });
  });

  it('ignores text that is not a PEP 440 version', () => {
    expect(names(latestVersions([v('not a version'), v('0.9')])).latest).toBe(
      '0.9',
    );
  });
});

describe('isPrereleaseVersion', () => {
  it('marks a, b, rc and dev releases', () => {
    expect(
      ['1.0a1', '1.0b2', '1.0rc1', '1.0.dev1', '1.0.post1.dev2'].map(
        isPrereleaseVersion,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(['1.0', '1.0.post1', 'junk'].map(isPrereleaseVersion)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
