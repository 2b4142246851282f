/** fast-check generators shared by the pep tests. Small number ranges so that equal and close versions are common. */
import fc from 'fast-check';
import { PreReleaseLabel, Version, VersionParts } from '../version';

const small = fc.nat({ max: 3 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.option(arbitrary, { nil: undefined });
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const joined = (...pieces: fc.Arbitrary<string>[]) =>
  fc.tuple(...pieces).map(strings => strings.join(''));

const localSegment = pick('0', '1', '2', '10', 'a', 'b', 'abc', 'z9');

export const versionParts: fc.Arbitrary<VersionParts> = fc.record({
  epoch: fc.oneof(
    { arbitrary: fc.constant(0), weight: 4 },
    { arbitrary: fc.nat({ max: 2 }), weight: 1 },
  ),
  release: fc.array(small, { minLength: 1, maxLength: 4 }),
  pre: maybe(
    fc.record({ label: pick<PreReleaseLabel>('a', 'b', 'rc'), number: small }),
  ),
  post: maybe(small),
  dev: maybe(small),
  local: maybe(
    fc
      .array(localSegment, { minLength: 1, maxLength: 3 })
      .map(s => s.join('.')),
  ),
});

export const version: fc.Arbitrary<Version> = versionParts.map(
  parts => new Version(parts),
);

/** Leading zeros, which normalization drops. */
const spellNumber = (n: number) => pick(String(n), `0${n}`, `00${n}`);
const separator = pick('', '.', '-', '_');

/** `{separator}{number}`, or nothing for 0: PEP 440 reads a missing number as 0. */
const spellSuffixNumber = (n: number) => {
  const written = joined(separator, spellNumber(n));
  return n === 0 ? fc.oneof(pick(''), written) : written;
};

const PRE_SPELLINGS: Record<PreReleaseLabel, string[]> = {
  a: ['a', 'A', 'alpha', 'Alpha'],
  b: ['b', 'B', 'beta', 'BETA'],
  rc: ['rc', 'RC', 'c', 'C', 'pre', 'preview', 'Preview'],
};

/** A version together with one of the many non-canonical ways PEP 440 allows writing it. */
export const versionSpelling: fc.Arbitrary<[Version, string]> =
  versionParts.chain(parts => {
    const v = new Version(parts);
    const pieces: fc.Arbitrary<string>[] = [
      pick('', ' ', '\t', '\n '),
      pick('', 'v', 'V'),
      v.epoch ? spellNumber(v.epoch).map(n => `${n}!`) : pick('', '0!', '00!'),
      fc.tuple(...v.release.map(spellNumber)).map(ns => ns.join('.')),
    ];
    if (v.pre) {
      pieces.push(
        joined(
          separator,
          pick(...PRE_SPELLINGS[v.pre.label]),
          spellSuffixNumber(v.pre.number),
        ),
      );
    }
    if (v.post !== undefined) {
      const labelled = joined(
        separator,
        pick('post', 'POST', 'rev', 'r', 'R'),
        spellSuffixNumber(v.post),
      );
      const implicit = spellNumber(v.post).map(n => `-${n}`);
      // `1.0a-1` reads as `1.0a1`, so the implicit form `-N` needs a written number before it.
      pieces.push(
        v.pre?.number === 0 ? labelled : fc.oneof(labelled, implicit),
      );
    }
    if (v.dev !== undefined) {
      pieces.push(
        joined(separator, pick('dev', 'DEV', 'Dev'), spellSuffixNumber(v.dev)),
      );
    }
    if (v.local !== undefined) {
      const segments = v.local
        .split('.')
        .map(s =>
          /^[0-9]+$/.test(s)
            ? spellNumber(Number(s))
            : pick(s, s.toUpperCase()),
        );
      const localSeparator = pick('.', '-', '_');
      pieces.push(
        joined(
          pick('+'),
          segments[0],
          ...segments.slice(1).map(s => joined(localSeparator, s)),
        ),
      );
    }
    pieces.push(pick('', ' ', '\r\n', '\f\v'));
    return joined(...pieces).map((text): [Version, string] => [v, text]);
  });
