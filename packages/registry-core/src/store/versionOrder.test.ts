import fc from 'fast-check';
import { compareVersions, parseVersion } from '../pep';
import { compareVersionStrings, versionSortKey } from './versionOrder';

const versionText = fc
  .record({
    epoch: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    release: fc.array(fc.integer({ min: 0, max: 120 }), {
      minLength: 1,
      maxLength: 4,
    }),
    pre: fc.option(
      fc.tuple(
        fc.constantFrom('a', 'b', 'rc'),
        fc.integer({ min: 0, max: 12 }),
      ),
      { nil: undefined },
    ),
    post: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    dev: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  })
  .map(({ epoch, release, pre, post, dev }) => {
    let text = `${epoch ? `${epoch}!` : ''}${release.join('.')}`;
    if (pre) text += `${pre[0]}${pre[1]}`;
    if (post !== undefined) text += `.post${post}`;
    if (dev !== undefined) text += `.dev${dev}`;
    return text;
  });

const sign = (value: number) => Math.sign(value);

describe('versionSortKey', () => {
  it('orders as PEP 440 does for the examples of the spec', () => {
    const ordered = [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.1',
      '1.1.dev1',
      '1!0.1',
    ];
    const keys = ordered.map(versionSortKey);
    expect([...keys].sort()).toEqual(keys);
  });

  it('treats trailing zeros as equal, as PEP 440 does', () => {
    expect(versionSortKey('1.0')).toBe(versionSortKey('1.0.0'));
  });

  it('agrees with compareVersions on any two public versions', () => {
    fc.assert(
      fc.property(versionText, versionText, (a, b) => {
        const [left, right] = [versionSortKey(a), versionSortKey(b)];
        const plain = left < right ? -1 : Number(left > right);
        expect(plain).toBe(
          sign(compareVersions(parseVersion(a)!, parseVersion(b)!)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts unparsable strings before valid versions', () => {
    expect(compareVersionStrings('not a version', '0.0.1')).toBe(-1);
    expect(compareVersionStrings('2.0', '10.0')).toBe(-1);
  });
});
