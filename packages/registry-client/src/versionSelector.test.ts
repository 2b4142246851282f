import {
  isBulk,
  parseVersionSelector,
  selectVersions,
  sortNewestFirst,
} from './versionSelector';

const versions = [
  '1.0.0',
  '2.0.0rc1',
  '1.10',
  '1.2',
  '2.0',
  '1.0.post1',
  '0.9.dev3',
].map(version => ({ version }));
const pick = (selector: string) =>
  selectVersions(parseVersionSelector(selector), versions).map(v => v.version);

describe('version selectors', () => {
  it('sorts newest first by PEP 440, not as strings', () => {
    expect(sortNewestFirst(versions).map(v => v.version)).toEqual([
      '2.0',
      '2.0.0rc1',
      '1.10',
      '1.2',
      '1.0.post1',
      '1.0.0',
      '0.9.dev3',
    ]);
  });

  it('matches an exact version in any equal spelling', () => {
    expect(pick('1.0')).toEqual(['1.0.0']);
    expect(pick('v2.0.0')).toEqual(['2.0']);
    expect(pick('3.0')).toEqual([]);
    expect(isBulk(parseVersionSelector('1.0'))).toBe(false);
  });

  it('picks what pip installs for "latest" and everything for "*" or nothing', () => {
    expect(pick('latest')).toEqual(['2.0']);
    const installable = (item: { version: string }) => item.version !== '2.0';
    // 2.0 not installable: the newest final release left, not 2.0.0rc1.
    expect(
      selectVersions(parseVersionSelector('latest'), versions, {
        installable,
      }).map(v => v.version),
    ).toEqual(['1.10']);
    expect(pick('*')).toHaveLength(versions.length);
    expect(pick('')).toHaveLength(versions.length);
    expect(isBulk(parseVersionSelector('*'))).toBe(true);
  });

  it('applies specifiers with pre-releases included', () => {
    expect(pick('<2')).toEqual([
      '1.10',
      '1.2',
      '1.0.post1',
      '1.0.0',
      '0.9.dev3',
    ]);
    expect(pick('>=1.2,<2.1')).toEqual(['2.0', '2.0.0rc1', '1.10', '1.2']);
    expect(pick('==1.*')).toEqual(['1.10', '1.2', '1.0.post1', '1.0.0']);
    expect(pick('!=1.2, <1.5')).toEqual(['1.0.post1', '1.0.0', '0.9.dev3']);
    expect(isBulk(parseVersionSelector('<2'))).toBe(true);
  });

  it('explains what it expected when the text is neither', () => {
    expect(() => parseVersionSelector('banana')).toThrow(
      /neither a PEP 440 version/,
    );
    expect(() => parseVersionSelector('>=')).toThrow(
      /Invalid version specifier/,
    );
  });
});
