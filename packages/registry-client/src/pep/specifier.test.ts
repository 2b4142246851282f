import fc from 'fast-check';
import { version as anyVersion } from './__testutils__/arbitraries';
import {
  MAX_SPECIFIER_SET_LENGTH,
  parseSpecifierSet,
  Specifier,
} from './specifier';
import { compareVersions, parseVersion, Version } from './version';

function v(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`test version ${text} did not parse`);
  return parsed;
}

/** Whether the set contains the version, with pre-releases allowed so only the operators are tested. */
const matches = (specifiers: string, version: string) =>
  parseSpecifierSet(specifiers).contains(v(version), { prereleases: true });

function expectMatches(
  specifiers: string,
  accepted: string[],
  rejected: string[],
): void {
  for (const version of accepted)
    expect([version, matches(specifiers, version)]).toEqual([version, true]);
  for (const version of rejected)
    expect([version, matches(specifiers, version)]).toEqual([version, false]);
}

describe('parseSpecifierSet', () => {
  it('parses clauses, keeping the versions as written', () => {
    const set = parseSpecifierSet(' >= 1.0 , <2,!=1.5.* ,  ~=V1.2.0');
    expect(set.specifiers.map(s => [s.operator, s.version])).toEqual([
      ['>=', '1.0'],
      ['<', '2'],
      ['!=', '1.5.*'],
      ['~=', 'V1.2.0'],
    ]);
    expect(set.toString()).toBe('>=1.0,<2,!=1.5.*,~=V1.2.0');
  });

  it.each(['~=', '==', '!=', '<=', '>=', '<', '>', '==='] as const)(
    'parses the %s operator',
    operator => {
      const [specifier] = parseSpecifierSet(`${operator}1.0`).specifiers;
      expect(specifier.operator).toBe(operator);
      expect(specifier.toString()).toBe(`${operator}1.0`);
    },
  );

  it('treats empty text and blank clauses as no constraint, as pip does', () => {
    expect(parseSpecifierSet('').specifiers).toHaveLength(0);
    expect(parseSpecifierSet('  ').specifiers).toHaveLength(0);
    expect(parseSpecifierSet('>=3.8,').toString()).toBe('>=3.8');
    expect(parseSpecifierSet('>=3.8, ,<4').toString()).toBe('>=3.8,<4');
  });

  it.each([
    ['1.0', 'expected an operator and a version'],
    ['=1.0', 'expected an operator and a version'],
    ['=>1.0', 'expected an operator and a version'],
    ['<>1.0', 'expected an operator and a version'],
    ['~1.0', 'expected an operator and a version'],
    ['> = 1.0', 'expected an operator and a version'],
    ['>=', 'expected an operator and a version'],
    ['>= 1.0 2.0', 'expected an operator and a version'],
    ['>=1.0;', 'expected an operator and a version'],
    ['===', 'expected an operator and a version'],
    ['>=french', '"french" is not a valid PEP 440 version'],
    ['==1.0+', '"1.0+" is not a valid PEP 440 version'],
    ['==1.*.0', '"1.*.0" is not a valid PEP 440 version'],
    ['==*', '"*" is not a valid PEP 440 version'],
    ['==.*', '".*" is not a valid PEP 440 version'],
    ['>=1.0.*', 'a trailing .* is only allowed with == and !='],
    ['~=1.0.*', 'a trailing .* is only allowed with == and !='],
    ['<1.*', 'a trailing .* is only allowed with == and !='],
    ['~=1', '~= needs a version with at least two release numbers'],
    ['~=1!2', '~= needs a version with at least two release numbers'],
    [
      '<1.0+local',
      'a local version label is only allowed in an exact == or != match',
    ],
    [
      '~=1.0+local',
      'a local version label is only allowed in an exact == or != match',
    ],
    [
      '==1.0+local.*',
      'a local version label is only allowed in an exact == or != match',
    ],
    ['==1.0.dev1.*', 'a prefix match cannot contain a development release'],
    ['!=1.0.dev1.*', 'a prefix match cannot contain a development release'],
  ])('rejects %j: %s', (text, reason) => {
    expect(() => parseSpecifierSet(text)).toThrow(
      new Error(`Invalid version specifier "${text}": ${reason}`),
    );
  });

  it('names the bad clause of a longer set', () => {
    expect(() => parseSpecifierSet('>=1.0, <2.0.*')).toThrow(
      /Invalid version specifier "<2.0.\*"/,
    );
  });

  it('refuses overly long input', () => {
    const long = Array(200).fill('!=1.0').join(',');
    expect(long.length).toBeGreaterThan(MAX_SPECIFIER_SET_LENGTH);
    expect(() => parseSpecifierSet(long)).toThrow(
      /longer than 1024 characters/,
    );
  });

  it('Specifier.parse parses one clause', () => {
    expect(Specifier.parse(' == 1.0.* ').toString()).toBe('==1.0.*');
    expect(() => Specifier.parse('>=1.0,<2')).toThrow(
      /expected an operator and a version/,
    );
  });
});

describe('compatible release ~=', () => {
  // Each ~= clause against its PEP 440 expansion.
  it.each([
    ['~= 2.2', '>=2.2, ==2.*'],
    ['~= 1.4.5', '>=1.4.5, ==1.4.*'],
    ['~= 2.2.post3', '>=2.2.post3, ==2.*'],
    ['~= 1.4.5a4', '>=1.4.5a4, ==1.4.*'],
    ['~= 2.2.0', '>=2.2.0, ==2.2.*'],
    ['~= 1.4.5.0', '>=1.4.5.0, ==1.4.5.*'],
    ['~= 1!2.2', '>=1!2.2, ==1!2.*'],
  ])('%s means %s', (compatible, expanded) => {
    const candidates = [
      '1.4.4',
      '1.4.5a4',
      '1.4.5',
      '1.4.5.1',
      '1.4.6',
      '1.5',
      '2.1',
      '2.2',
      '2.2.post3',
      '2.2.1',
    ];
    for (const candidate of [
      ...candidates,
      '2.9',
      '3.0',
      '1!2.2',
      '1!2.3',
      '1!3.0',
    ]) {
      expect([candidate, matches(compatible, candidate)]).toEqual([
        candidate,
        matches(expanded, candidate),
      ]);
    }
  });

  it('allows the last release number to grow, nothing before it', () => {
    expectMatches(
      '~=2.2',
      ['2.2', '2.3', '2.10', '2.2.post1', '2.2+local'],
      ['2.1', '3.0', '1!2.2', '2.2rc1'],
    );
    expectMatches('~=1.4.5', ['1.4.5', '1.4.99'], ['1.4.4', '1.5.0', '1.5']);
  });
});

describe('version matching == and !=', () => {
  it('follows the PEP examples for 1.1.post1', () => {
    expectMatches('==1.1.post1', ['1.1.post1'], []);
    expectMatches('==1.1.*', ['1.1.post1'], []);
    expectMatches('==1.1', [], ['1.1.post1']);
  });

  it('follows the PEP examples for 1.1a1', () => {
    expectMatches('==1.1a1', ['1.1a1'], []);
    expectMatches('==1.1.*', ['1.1a1'], []);
    expectMatches('==1.1', [], ['1.1a1']);
  });

  it('follows the PEP examples for 1.1', () => {
    for (const spec of ['==1.1', '==1.1.0', '==1.1.*', '==1.1.0.*', '==1.*'])
      expectMatches(spec, ['1.1'], []);
    for (const spec of [
      '==1.1.dev1',
      '==1.1a1',
      '==1.1.post1',
      '==1.1.1.*',
      '==1.2.*',
    ]) {
      expectMatches(spec, [], ['1.1']);
    }
  });

  it('pads with zeros and ignores later segments in a prefix match', () => {
    const accepted = [
      '1',
      '1.0',
      '1.0.0',
      '1.0.5',
      '1.0.dev1',
      '1.0rc1',
      '1.0.post1',
      '1.0+abc',
    ];
    expectMatches('==1.0.*', accepted, ['1.1', '0.9']);
    expectMatches('==1.*', ['1', '1.9.9', '1.0a1'], ['2.0', '0.9', '1!1.0']);
    expectMatches('==1!1.*', ['1!1.5'], ['1.5']);
  });

  it('supports pre- and post-release segments in a prefix match', () => {
    expectMatches(
      '==1.0a1.*',
      ['1.0a1', '1.0.0a1', '1.0a1.post2', '1.0a1.dev3'],
      ['1.0a2', '1.0b1', '1.0', '1.0.1a1'],
    );
    expectMatches(
      '==1.0.post1.*',
      ['1.0.post1', '1.0.post1.dev2', '1.0.0.post1+x'],
      ['1.0', '1.0.post2', '1.0a1.post1'],
    );
  });

  it('ignores the candidate local label only when the specifier has none', () => {
    expectMatches('==1.0', ['1.0', '1.0+local', '1.0+1'], ['1.0.1']);
    expectMatches(
      '==1.0+local',
      ['1.0+local', '1.0+LOCAL', '1.0.0+local'],
      ['1.0', '1.0+other', '1.0+local.1'],
    );
    expectMatches('==1.0+1', ['1.0+01'], ['1.0+1.0']);
  });

  it('!= is the complement of ==', () => {
    expectMatches(
      '!=1.0',
      ['1.0.1', '1.0.post1', '0.9'],
      ['1.0', '1.0.0', '1.0+abc'],
    );
    expectMatches(
      '!=1.3.*',
      ['1.2', '1.4', '1.30'],
      ['1.3', '1.3.5', '1.3rc1'],
    );
    expectMatches('!=1.0+abc', ['1.0', '1.0+abd'], ['1.0+abc']);
  });
});

describe('arbitrary equality ===', () => {
  it('compares the canonical text as a string', () => {
    expectMatches('===1.0', ['1.0', 'v1.0'], ['1.0.0', '1.0+abc', '1.0.post0']);
    expectMatches('===1.0RC1', ['1.0rc1'], []);
    expectMatches('===foobar', [], ['1.0']);
  });
});

describe('ordered comparisons', () => {
  it('<= and >= are inclusive and ignore local labels', () => {
    expectMatches(
      '>=1.7',
      ['1.7', '1.7.0', '1.7+local', '1.7.post1', '1.8', '1!0.1'],
      ['1.6.9', '1.7rc1', '1.7.dev0'],
    );
    expectMatches(
      '<=1.7',
      ['1.7', '1.7+local', '1.7rc1', '1.6.9'],
      ['1.7.post1', '1.7.1', '1!0.1'],
    );
  });

  it('>V does not admit post-releases or local versions of V', () => {
    expectMatches(
      '>1.7',
      ['1.7.1', '1.8', '1.7.1+local', '1.7.1.post1'],
      ['1.7', '1.7.post2', '1.7.0.post1', '1.7+a'],
    );
    expectMatches(
      '>1.7.post2',
      ['1.7.1', '1.7.post3', '1.7.0.post3'],
      ['1.7', '1.7.post2', '1.7.post2+local'],
    );
  });

  it('<V does not admit pre-releases of V unless V is one itself', () => {
    expectMatches(
      '<3.1',
      ['3.0', '3.0.post1', '3.0a1', '3.0.9.dev1'],
      ['3.1', '3.1.dev0', '3.1a1', '3.1.0b1'],
    );
    expectMatches(
      '<3.1a5',
      ['3.1a4', '3.1.dev0', '3.0'],
      ['3.1a5', '3.1b1', '3.1'],
    );
    expectMatches('<3.1', ['3.0+local'], ['3.1+local']);
  });

  it('compares epochs first', () => {
    expectMatches('<2.0', ['1.0'], ['1!1.0']);
    expectMatches('>1!1.0', ['1!1.1', '2!0.1'], ['5.0']);
  });
});

describe('pre-release handling', () => {
  it('excludes pre-releases (including dev releases) by default', () => {
    const set = parseSpecifierSet('>=1.0');
    expect(set.contains(v('2.0'))).toBe(true);
    expect(set.contains(v('2.0.post1'))).toBe(true);
    expect(set.contains(v('2.0b1'))).toBe(false);
    expect(set.contains(v('2.0.dev1'))).toBe(false);
    expect(set.contains(v('2.0.post1.dev1'))).toBe(false);
  });

  it('admits them when asked to, and never when told not to', () => {
    expect(
      parseSpecifierSet('>=1.0').contains(v('2.0b1'), { prereleases: true }),
    ).toBe(true);
    expect(
      parseSpecifierSet('>=1.0b1').contains(v('2.0b1'), { prereleases: false }),
    ).toBe(false);
    expect(
      parseSpecifierSet('>=1.0b1').contains(v('2.0'), { prereleases: false }),
    ).toBe(true);
  });

  it.each([
    ['>=1.0b1', true],
    ['<=2.0.dev0', true],
    ['~=1.0rc1', true],
    ['==1.0a1', true],
    ['==1.0a1.*', true],
    ['===1.0a1', true],
    ['>1.0.post1.dev0', true],
    ['>=0.9, <2.0a1', true],
    ['!=1.0b1', false],
    ['>=1.0', false],
    ['==1.*', false],
    ['===foobar', false],
    ['', false],
  ])('%s requests pre-releases: %s', (text, requested) => {
    const set = parseSpecifierSet(text);
    expect(set.requestsPrerelease).toBe(requested);
    expect(set.contains(v('1.0b2'))).toBe(
      requested && set.contains(v('1.0b2'), { prereleases: true }),
    );
  });

  it('an empty set matches every final release but no pre-release', () => {
    const empty = parseSpecifierSet('');
    expect(empty.contains(v('0.0.1'))).toBe(true);
    expect(empty.contains(v('1!99.0.post1+local'))).toBe(true);
    expect(empty.contains(v('1.0rc1'))).toBe(false);
    expect(empty.contains(v('1.0rc1'), { prereleases: true })).toBe(true);
  });

  it('filter falls back to pre-releases only when no final release matches', () => {
    const set = parseSpecifierSet('>=1.0');
    const list = (texts: string[], opts?: { prereleases?: boolean }) =>
      set.filter(texts.map(v), opts).map(String);
    expect(list(['0.9', '1.0', '1.1a1', '1.1'])).toEqual(['1.0', '1.1']);
    expect(list(['0.9', '1.1a1', '2.0rc1'])).toEqual(['1.1a1', '2.0rc1']);
    expect(list(['0.9', '1.1a1'], { prereleases: false })).toEqual([]);
    expect(list(['0.9', '1.0', '1.1a1'], { prereleases: true })).toEqual([
      '1.0',
      '1.1a1',
    ]);
    expect(
      parseSpecifierSet('>=1.0a1')
        .filter([v('1.0'), v('1.1b1')])
        .map(String),
    ).toEqual(['1.0', '1.1b1']);
    expect(list([])).toEqual([]);
  });
});

describe('properties', () => {
  const target = anyVersion.map(x =>
    x.local === undefined ? x : new Version({ ...x, local: undefined }),
  );

  it('!= matches exactly what == does not, for exact and prefix matches', () => {
    fc.assert(
      fc.property(
        anyVersion,
        target,
        fc.nat({ max: 3 }),
        (candidate, bound, cut) => {
          const prefix = bound.release
            .slice(0, Math.max(1, bound.release.length - cut))
            .join('.');
          for (const spec of [bound.toString(), `${bound.epoch}!${prefix}.*`]) {
            expect(matches(`!=${spec}`, candidate.toString())).toBe(
              !matches(`==${spec}`, candidate.toString()),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('~=V.N equals >=V.N, ==V.*', () => {
    fc.assert(
      fc.property(anyVersion, target, (candidate, bound) => {
        fc.pre(bound.release.length >= 2);
        const prefix = `${bound.epoch}!${bound.release.slice(0, -1).join('.')}.*`;
        const c = candidate.toString();
        expect(matches(`~=${bound}`, c)).toBe(
          matches(`>=${bound},==${prefix}`, c),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('ordered operators agree with each other and with compareVersions', () => {
    fc.assert(
      fc.property(anyVersion, target, (candidate, bound) => {
        const c = candidate.toString();
        const [lt, le, gt, ge] = ['<', '<=', '>', '>='].map(op =>
          matches(`${op}${bound}`, c),
        );
        expect(lt && ge).toBe(false);
        expect(gt && le).toBe(false);
        // Implications, each as one observed truth value: `<` implies `<=`, `>` implies `>=`.
        expect(!lt || le).toBe(true);
        expect(!gt || ge).toBe(true);
        expect(le || ge).toBe(true);
        const order = compareVersions(candidate, bound);
        expect(!(lt || le) || order <= (candidate.local ? 1 : 0)).toBe(true);
        expect(!gt || order > 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a set matches what all its clauses match', () => {
    const operator = fc.constantFrom('~=', '==', '!=', '<=', '>=', '<', '>');
    const clause = fc
      .tuple(operator, target)
      .filter(([op, bound]) => op !== '~=' || bound.release.length >= 2)
      .map(([op, bound]) => `${op}${bound}`);
    fc.assert(
      fc.property(
        anyVersion,
        fc.array(clause, { minLength: 1, maxLength: 3 }),
        (candidate, texts) => {
          const all = texts.every(t => matches(t, candidate.toString()));
          expect(matches(texts.join(','), candidate.toString())).toBe(all);
        },
      ),
      { numRuns: 500 },
    );
  });
});
