import fc from 'fast-check';
import {
  version,
  versionParts,
  versionSpelling,
} from './__testutils__/arbitraries';
import {
  canonicalizeVersion,
  compareVersions,
  MAX_VERSION_LENGTH,
  MAX_VERSION_NUMBER,
  parseVersion,
  Version,
} from './version';

function v(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`test version ${text} did not parse`);
  return parsed;
}

const sign = (n: number) => Math.sign(n) || 0;

describe('parseVersion normalization (the PEP 440 normalization rules)', () => {
  it.each([
    // Case sensitivity
    ['1.1RC1', '1.1rc1'],
    ['1.0A1', '1.0a1'],
    // Integer normalization
    ['00', '0'],
    ['09000', '9000'],
    ['1.0.01', '1.0.1'],
    ['1.0a01', '1.0a1'],
    ['01!1.0', '1!1.0'],
    ['0!1.0', '1.0'],
    // Pre-release separators and spelling
    ['1.1.a1', '1.1a1'],
    ['1.1-a1', '1.1a1'],
    ['1.1_a1', '1.1a1'],
    ['1.0a.1', '1.0a1'],
    ['1.0a-1', '1.0a1'],
    ['1.0a_1', '1.0a1'],
    ['1.1alpha1', '1.1a1'],
    ['1.1beta2', '1.1b2'],
    ['1.1c3', '1.1rc3'],
    ['1.1pre4', '1.1rc4'],
    ['1.1preview5', '1.1rc5'],
    ['1.2a', '1.2a0'],
    ['1.2-beta', '1.2b0'],
    // Post-release separators, spelling and implicit forms
    ['1.2-post2', '1.2.post2'],
    ['1.2_post2', '1.2.post2'],
    ['1.2post2', '1.2.post2'],
    ['1.2.post.2', '1.2.post2'],
    ['1.2.post-2', '1.2.post2'],
    ['1.2.post_2', '1.2.post2'],
    ['1.0-r4', '1.0.post4'],
    ['1.0rev4', '1.0.post4'],
    ['1.0.r4', '1.0.post4'],
    ['1.2.post', '1.2.post0'],
    ['1.2-rev', '1.2.post0'],
    ['1.0-1', '1.0.post1'],
    ['1.0a1-1', '1.0a1.post1'],
    // Development release separators and implicit number
    ['1.2-dev2', '1.2.dev2'],
    ['1.2_dev2', '1.2.dev2'],
    ['1.2dev2', '1.2.dev2'],
    ['1.2.dev-2', '1.2.dev2'],
    ['1.2.dev', '1.2.dev0'],
    ['1.0.post1dev1', '1.0.post1.dev1'],
    // Local versions
    ['1.0+ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+UBUNTU_1', '1.0+ubuntu.1'],
    ['1.0+abc.007', '1.0+abc.7'],
    ['1.0+0', '1.0+0'],
    ['1.0+000', '1.0+0'],
    ['1.0+0a', '1.0+0a'],
    // Preceding v and surrounding whitespace
    ['v1.0', '1.0'],
    ['V1.0', '1.0'],
    ['v1!2.0', '1!2.0'],
    [' 1.0 ', '1.0'],
    ['\t1.0\r\n', '1.0'],
    ['\f\v1.0', '1.0'],
    // Everything at once
    ['1.0.0-ALPHA.1', '1.0.0a1'],
    ['v1!2.0-pre.3-rev.4-dev.5+Local-07', '1!2.0rc3.post4.dev5+local.7'],
    ['2012.10', '2012.10'],
    ['1.0.0.0.0', '1.0.0.0.0'],
  ])('%j becomes %s', (text, canonical) => {
    expect(parseVersion(text)?.toString()).toBe(canonical);
    expect(canonicalizeVersion(text)).toBe(canonical);
  });

  it.each([
    '',
    ' ',
    'v',
    'french toast',
    '1.',
    '.1',
    '1..0',
    '1.0-',
    '1.0.',
    '1!',
    '!1.0',
    '1!!1.0',
    'vv1.0',
    '1 0',
    '1.0 .dev1',
    '1.0 alpha1',
    '1.0a1a2',
    '1.0a1rc1',
    '1.0.post1.post2',
    '1.0.dev1.post1',
    '1.0.dev1a1',
    '1.0.dev1.dev2',
    '1.0-1-1',
    '1.0--1',
    '1.0..post1',
    '1.0+',
    '1.0+_abc',
    '1.0+abc.',
    '1.0+abc..def',
    '1.0+abc+def',
    '1.0+ab c',
    '1.0+ab/c',
    '1.0-gamma1',
    '1.0 +abc',
    '1.0\u00a0', // no-break space is not PEP 440 whitespace
    '\ufeff1.0',
    '1.0+\u212a', // Kelvin sign must not fold to `k`
    '\u0661.0', // Arabic-Indic digit one
    '1.0\u0000',
    '1.0*',
    '1.*',
    '-1.0',
    '+1.0',
    '1e3',
  ])('rejects %j', text => {
    expect(parseVersion(text)).toBeUndefined();
    expect(canonicalizeVersion(text)).toBeUndefined();
  });

  it('rejects non-strings from untyped callers', () => {
    expect(parseVersion(undefined as unknown as string)).toBeUndefined();
    expect(parseVersion(10 as unknown as string)).toBeUndefined();
  });
});

describe('parseVersion limits', () => {
  it('accepts up to MAX_VERSION_LENGTH characters and no more', () => {
    const longest = `1${'.1'.repeat((MAX_VERSION_LENGTH - 1) / 2)}${
      MAX_VERSION_LENGTH % 2 ? '' : '0'
    }`;
    expect(longest).toHaveLength(MAX_VERSION_LENGTH);
    expect(parseVersion(longest)).toBeDefined();
    expect(parseVersion(`${longest}0`)).toBeUndefined();
    expect(parseVersion(`${' '.repeat(MAX_VERSION_LENGTH)}1`)).toBeUndefined();
  });

  it('accepts numbers of up to 15 significant digits', () => {
    expect(v('999999999999999').release).toEqual([MAX_VERSION_NUMBER]);
    expect(v('1.0a999999999999999.post999999999999999').post).toBe(
      MAX_VERSION_NUMBER,
    );
    expect(v('0000000000000000000001').release).toEqual([1]);
    for (const text of [
      '1000000000000000',
      '1.1000000000000000',
      '1000000000000000!1',
      '1a1000000000000000',
    ]) {
      expect(parseVersion(text)).toBeUndefined();
    }
    expect(parseVersion('1.0.post9999999999999999')).toBeUndefined();
    expect(parseVersion('1.0.dev9999999999999999')).toBeUndefined();
  });

  it('compares long numeric local segments exactly, without converting them to numbers', () => {
    const big = '9'.repeat(40);
    expect(
      compareVersions(v(`1.0+${big}`), v(`1.0+${big.slice(1)}8`)),
    ).toBeGreaterThan(0);
    expect(
      compareVersions(v(`1.0+${big}`), v(`1.0+1${'0'.repeat(40)}`)),
    ).toBeLessThan(0);
  });

  it('stays fast on hostile input', () => {
    const started = Date.now();
    const attempts = [
      `1${'.1'.repeat(60)}x`,
      `1.0${'-'.repeat(120)}x`,
      `1.0+${'a.'.repeat(60)}.`,
      `1${'0'.repeat(1_000_000)}`,
      `${' '.repeat(1_000_000)}1.0`,
      `1.0a${'_'.repeat(100)}`,
    ];
    for (const attempt of attempts)
      expect(parseVersion(attempt)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('Version fields and flags', () => {
  it('exposes the parsed segments', () => {
    const parsed = v('1!2.0.3rc4.post5.dev6+Ubuntu-7');
    expect(parsed.epoch).toBe(1);
    expect(parsed.release).toEqual([2, 0, 3]);
    expect(parsed.pre).toEqual({ label: 'rc', number: 4 });
    expect(parsed.post).toBe(5);
    expect(parsed.dev).toBe(6);
    expect(parsed.local).toBe('ubuntu.7');
    expect(parsed.public).toBe('1!2.0.3rc4.post5.dev6');
    expect(parsed.toString()).toBe('1!2.0.3rc4.post5.dev6+ubuntu.7');
    expect(String(parsed)).toBe(parsed.toString());
  });

  it('leaves absent segments undefined and the epoch 0', () => {
    const parsed = v('1.0');
    expect(parsed).toMatchObject({ epoch: 0, release: [1, 0] });
    expect([parsed.pre, parsed.post, parsed.dev, parsed.local]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['1.0', false, false, false],
    ['1.0a1', true, false, false],
    ['1.0rc1', true, false, false],
    ['1.0.dev1', true, true, false],
    ['1.0a1.dev1', true, true, false],
    ['1.0.post1', false, false, true],
    ['1.0.post1.dev1', true, true, true],
    ['1.0rc1.post1', true, false, true],
    ['1.0+local', false, false, false],
  ])(
    '%s: isPrerelease %s, isDevrelease %s, isPostrelease %s',
    (text, pre, dev, post) => {
      const parsed = v(text);
      expect([
        parsed.isPrerelease,
        parsed.isDevrelease,
        parsed.isPostrelease,
      ]).toEqual([pre, dev, post]);
    },
  );

  it('is immutable', () => {
    const parsed = v('1.0a1');
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.release)).toBe(true);
    expect(Object.isFrozen(parsed.pre)).toBe(true);
  });
});

describe('new Version', () => {
  it('builds a version from parts, normalizing the local label', () => {
    const release = [1, 2];
    const built = new Version({
      release,
      pre: { label: 'b', number: 3 },
      local: 'ABC-007',
    });
    release.push(9);
    expect(built.toString()).toBe('1.2b3+abc.7');
  });

  it.each([
    [{ release: [] }],
    [{ release: [-1] }],
    [{ release: [1.5] }],
    [{ release: [NaN] }],
    [{ release: [MAX_VERSION_NUMBER + 1] }],
    [{ release: [1], epoch: -1 }],
    [{ release: [1], post: Infinity }],
    [{ release: [1], pre: { label: 'alpha' as 'a', number: 1 } }],
    [{ release: [1], local: '' }],
    [{ release: [1], local: 'a..b' }],
    [{ release: [1], local: 'é' }],
  ])('rejects %j', parts => {
    expect(() => new Version(parts)).toThrow(RangeError);
  });
});

describe('compareVersions', () => {
  // Strictly increasing. Built from the PEP 440 summary example, extended with epochs, local labels and dev/post
  // combinations.
  const ordered = [
    '0.dev0',
    '0',
    '0.0.1',
    '0.1.dev1',
    '0.1a1',
    '0.1',
    '0.1.post1',
    '0.9.9',
    '1.0.dev0',
    '1.0.dev456',
    '1.0a1.dev1',
    '1.0a1',
    '1.0a1.post1.dev1',
    '1.0a1.post1',
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
    '1.0+abc',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+abd',
    '1.0+5',
    '1.0+5.abc',
    '1.0+5.1',
    '1.0+10',
    '1.0.post0.dev0',
    '1.0.post0',
    '1.0.post1.dev0',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.post456+local',
    '1.0.1.dev0',
    '1.0.1a1',
    '1.0.1',
    '1.0.15',
    '1.1.dev1',
    '1.1',
    '1.2',
    '1.10',
    '2',
    '2.0.0.1',
    '10.0',
    '2012.10',
    '1!0.dev0',
    '1!0.1',
    '1!1.0',
    '2!0.0.1',
  ].map(v);

  it('orders every pair of the sorted list', () => {
    for (let i = 0; i < ordered.length; i++) {
      expect(compareVersions(ordered[i], ordered[i])).toBe(0);
      for (let j = i + 1; j < ordered.length; j++) {
        const [a, b] = [ordered[i], ordered[j]];
        if (!(compareVersions(a, b) < 0 && compareVersions(b, a) > 0)) {
          throw new Error(`expected ${a} < ${b}`);
        }
      }
    }
  });

  it('sorts a shuffled copy back into order', () => {
    const shuffled = [...ordered].reverse();
    shuffled.push(...shuffled.splice(0, 7));
    expect(shuffled.sort(compareVersions).map(String)).toEqual(
      ordered.map(String),
    );
  });

  it.each([
    ['1.0', '1.0.0'],
    ['1.0', '1.0.0.0.0'],
    ['1', '1.0'],
    ['1.0', '0!1.0'],
    ['1.0a1', '1.0alpha1'],
    ['1.0rc1', '1.0c1'],
    ['1.0.post0', '1.0-r'],
    ['1.0.0a1', '1.0a1'],
    ['1.0+1', '1.0+01'],
    ['1.0+abc', '1.0+ABC'],
    ['1.0+a.b', '1.0+a-b'],
  ])('%s equals %s', (a, b) => {
    expect(compareVersions(v(a), v(b))).toBe(0);
  });

  it('returns -1, 0 or 1', () => {
    expect(compareVersions(v('1.0'), v('2.0'))).toBe(-1);
    expect(compareVersions(v('2.0'), v('1.0'))).toBe(1);
    expect(compareVersions(v('1.0'), v('1.0'))).toBe(0);
  });
});

describe('properties', () => {
  it('canonical text round-trips: parseVersion(v.toString()) equals v', () => {
    fc.assert(
      fc.property(version, original => {
        const reparsed = parseVersion(original.toString());
        expect(reparsed).toEqual(original);
        expect(compareVersions(reparsed!, original)).toBe(0);
      }),
    );
  });

  it('every permitted spelling parses to the same version', () => {
    fc.assert(
      fc.property(versionSpelling, ([original, spelling]) => {
        expect(parseVersion(spelling)?.toString()).toBe(original.toString());
      }),
      { numRuns: 500 },
    );
  });

  it('compare is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(sign(compareVersions(a, b))).toBe(-sign(compareVersions(b, a)));
      }),
      { numRuns: 500 },
    );
  });

  it('compare is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareVersions);
        expect(compareVersions(x, y)).toBeLessThanOrEqual(0);
        expect(compareVersions(y, z)).toBeLessThanOrEqual(0);
        expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
        // Equal to equal is equal; below anywhere is below.
        const allEqual =
          compareVersions(x, y) === 0 && compareVersions(y, z) === 0;
        const anyBelow = compareVersions(x, y) < 0 || compareVersions(y, z) < 0;
        expect(Math.sign(compareVersions(x, z))).toBe(anyBelow ? -1 : 0);
        expect(allEqual || anyBelow).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('equal versions have the same canonical text once trailing release zeros are dropped', () => {
    const trimmed = (x: Version) =>
      new Version({
        ...x,
        release: x.release
          .join('.')
          .replace(/(\.0)+$/, '')
          .split('.')
          .map(Number),
      });
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, b) === 0).toBe(
          trimmed(a).toString() === trimmed(b).toString(),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('trailing zeros in the release do not change the order', () => {
    fc.assert(
      fc.property(versionParts, fc.nat({ max: 3 }), (parts, zeros) => {
        const padded = new Version({
          ...parts,
          release: [...parts.release, ...Array<number>(zeros).fill(0)],
        });
        expect(compareVersions(new Version(parts), padded)).toBe(0);
      }),
    );
  });

  it('arbitrary text either fails to parse or has a stable canonical form', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 30 }),
      fc.stringMatching(
        /^[ vV]?[0-9!.]{1,8}[-_.]?(a|B|rc|post|DEV|r|c)?[0-9]{0,3}(\+[a-zA-Z0-9._-]{0,6})?$/,
      ),
    );
    fc.assert(
      fc.property(text, input => {
        const canonical = canonicalizeVersion(input);
        expect(
          canonical === undefined ? undefined : canonicalizeVersion(canonical),
        ).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });
});
