import { checkTag, parseList, parseMetadataLines } from './metadataLines';

describe('parseMetadataLines', () => {
  it('reads key=value lines, skipping blanks and comments, keeping "=" in values', () => {
    expect(
      parseMetadataLines('team = ml\n\n# a comment\nquery=a=b\r\nempty=\n'),
    ).toEqual({ team: 'ml', query: 'a=b', empty: '' });
  });

  it('fails on a line without "=" and on keys the registry would refuse', () => {
    expect(() => parseMetadataLines('team ml')).toThrow(
      'metadata line 1 "team ml" is not key=value',
    );
    expect(() => parseMetadataLines('=x')).toThrow(/not key=value/);
    expect(() => parseMetadataLines('.hidden=x')).toThrow(
      /Invalid metadata key ".hidden"/,
    );
    expect(() => parseMetadataLines(`${'k'.repeat(129)}=x`)).toThrow(
      /Invalid metadata key/,
    );
    expect(() => parseMetadataLines(`k=${'v'.repeat(4097)}`)).toThrow(
      /longer than 4096/,
    );
  });
});

describe('parseList and checkTag', () => {
  it('splits on commas and newlines, trimming and dropping blanks and repeats', () => {
    expect(parseList(' a, b\nc,,a\n')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });

  it('accepts tags the registry accepts and refuses others', () => {
    expect(() => checkTag('stable-1.x')).not.toThrow();
    expect(() => checkTag('-bad')).toThrow(/Invalid tag/);
    expect(() => checkTag('has space')).toThrow(/Invalid tag/);
  });
});
