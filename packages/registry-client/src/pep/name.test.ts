import fc from 'fast-check';
import {
  isValidProjectName,
  MAX_PROJECT_NAME_LENGTH,
  normalizeProjectName,
} from './name';

/** Any text, with extra weight on separators and characters whose case mapping is unusual. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      'A',
      'z',
      '0',
      '-',
      '_',
      '.',
      'İ',
      'Σ',
      'ß',
      'ﬃ',
      '\u212a',
    ),
    maxLength: 40,
  }),
);

describe('normalizeProjectName', () => {
  it.each([
    'friendly-bard',
    'Friendly-Bard',
    'FRIENDLY-BARD',
    'friendly.bard',
    'friendly_bard',
    'friendly--bard',
    'FrIeNdLy-._.-bArD',
  ])('normalizes %s to friendly-bard', name => {
    expect(normalizeProjectName(name)).toBe('friendly-bard');
  });

  it.each([
    ['Django', 'django'],
    ['zope.interface', 'zope-interface'],
    ['typing_extensions', 'typing-extensions'],
    ['A', 'a'],
    ['a__b..c--d', 'a-b-c-d'],
  ])('normalizes %s to %s', (name, expected) => {
    expect(normalizeProjectName(name)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, name => {
        const once = normalizeProjectName(name);
        expect(normalizeProjectName(once)).toBe(once);
      }),
    );
  });

  it('gives every re-spelling of a name the same result', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    const separator = fc.constantFrom('-', '_', '.', '--', '._', '-_.');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, separator, separator), {
          minLength: 1,
          maxLength: 4,
        }),
        pieces => {
          const a = `${pieces.map(([w, s]) => w + s).join('')}end`;
          const b = `${pieces.map(([w, , s]) => w.toUpperCase() + s).join('')}END`;
          expect(normalizeProjectName(a)).toBe(normalizeProjectName(b));
        },
      ),
    );
  });

  it('keeps valid names valid, with only lowercase letters, digits and single dashes', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,30}[A-Za-z0-9])?$/),
        name => {
          const normalized = normalizeProjectName(name);
          expect(isValidProjectName(normalized)).toBe(true);
          expect(normalized).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        },
      ),
    );
  });
});

describe('isValidProjectName', () => {
  it.each(['a', 'Z', '7', 'A1', 'foo-bar', 'foo.bar_baz', 'zope.interface'])(
    'accepts %s',
    name => {
      expect(isValidProjectName(name)).toBe(true);
    },
  );

  it('caps the length at MAX_PROJECT_NAME_LENGTH', () => {
    expect(isValidProjectName('x'.repeat(MAX_PROJECT_NAME_LENGTH))).toBe(true);
    expect(isValidProjectName('x'.repeat(MAX_PROJECT_NAME_LENGTH + 1))).toBe(
      false,
    );
  });

  it.each([
    '',
    '-foo',
    'foo-',
    '_foo',
    'foo_',
    '.foo',
    'foo.',
    'foo bar',
    'foo/bar',
    'foo+bar',
    'foo\n',
    'føø',
    '\u212Aelvin', // Kelvin sign, which case-folds to `k` under Unicode rules
  ])('rejects %j', name => {
    expect(isValidProjectName(name)).toBe(false);
  });
});
