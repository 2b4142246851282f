import { field, parseCoreMetadata } from './coreMetadata';

describe('parseCoreMetadata', () => {
  it('keeps repeated headers in order, joins folded single-line ones, and is case-insensitive', () => {
    const parsed = parseCoreMetadata(
      Buffer.from(
        'Metadata-Version: 2.1\nname: x\nVersion: 1\nClassifier: A\nClassifier: B\nSummary: one\n  two\n',
      ),
    );
    expect(field(parsed, 'Name')).toBe('x');
    expect(parsed.fields.get('classifier')).toEqual(['A', 'B']);
    expect(field(parsed, 'summary')).toBe('one two');
    expect(parsed.description).toBeUndefined();
  });

  it('unfolds a Description header (8-space and "|" continuation styles) in preference to the body', () => {
    const spaces = parseCoreMetadata(
      Buffer.from(
        'Name: x\nDescription: first\n        second\n        \n        third\n\nbody\n',
      ),
    );
    expect(spaces.description).toBe('first\nsecond\n\nthird');
    const piped = parseCoreMetadata(
      Buffer.from(
        'Name: x\nDescription: first\n       |  indented\n       |\n',
      ),
    );
    expect(piped.description).toBe('first\n  indented');
  });

  it('refuses metadata that is not UTF-8', () => {
    expect(() =>
      parseCoreMetadata(
        Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff]),
      ),
    ).toThrow('not valid UTF-8');
  });
});
