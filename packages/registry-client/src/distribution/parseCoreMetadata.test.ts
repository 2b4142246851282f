import fc from 'fast-check';
import { InvalidDistributionError } from './errors';
import { parseCoreMetadata } from './parseCoreMetadata';
import {
  SAMPLE_DESCRIPTION,
  SAMPLE_METADATA_2_4,
} from '@wheelhouse/test-utils/sampleMetadata';

const parse = (text: string) => parseCoreMetadata(Buffer.from(text, 'utf8'));
const lines = (...l: string[]) => l.join('\n');

function inputError(fn: () => unknown): InvalidDistributionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidDistributionError);
    return err as InvalidDistributionError;
  }
  throw new Error('expected an InvalidDistributionError');
}

describe('parseCoreMetadata', () => {
  it('parses a Metadata-Version 2.4 file with License-Expression and a multi-line body', () => {
    const meta = parse(SAMPLE_METADATA_2_4);
    expect(meta).toEqual({
      metadataVersion: '2.4',
      name: 'demo-pkg',
      version: '1.0.0',
      summary: 'A demo package for Wheelhouse',
      description: SAMPLE_DESCRIPTION,
      descriptionContentType: 'text/markdown',
      keywords: ['demo', 'packaging', 'wheel'],
      homePage: null,
      downloadUrl: null,
      author: null,
      authorEmail: 'Zoë Example <zoe@example.com>',
      maintainer: null,
      maintainerEmail: null,
      license: null,
      licenseExpression: 'MIT AND (Apache-2.0 OR BSD-2-Clause)',
      licenseFiles: ['LICENSE', 'licenses/NOTICE.txt'],
      classifiers: [
        'Programming Language :: Python :: 3',
        'Operating System :: OS Independent',
      ],
      requiresDist: ['requests>=2.0', 'rich; extra == "cli"'],
      requiresPython: '>=3.9',
      requiresExternal: [],
      projectUrls: {
        Homepage: 'https://example.com',
        'Source Code': 'https://example.com/src',
      },
      providesExtra: ['cli'],
      platforms: [],
      supportedPlatforms: [],
      dynamic: ['License-File'],
      raw: expect.objectContaining({
        'metadata-version': ['2.4'],
        'license-file': ['LICENSE', 'licenses/NOTICE.txt'],
        keywords: ['demo,packaging , wheel'],
      }),
    });
    expect(meta.raw.description).toBeUndefined();
  });

  it('rejects invalid UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: '),
      Buffer.from([0xc3, 0x28]),
    ]);
    expect(inputError(() => parseCoreMetadata(bytes)).message).toBe(
      'METADATA is not valid UTF-8',
    );
  });

  it('requires Name and Version', () => {
    expect(
      inputError(() => parse('Metadata-Version: 2.1\nVersion: 1.0\n')).message,
    ).toBe('METADATA is missing the required Name field');
    expect(
      inputError(() => parse('Metadata-Version: 2.1\nName: x\n')).message,
    ).toBe('METADATA is missing the required Version field');
    expect(inputError(() => parse('Name:\nVersion: 1\n')).message).toMatch(
      /Name field/,
    );
    expect(inputError(() => parse('')).message).toMatch(/Name field/);
  });

  it('rejects a Metadata-Version it cannot understand, but accepts newer minor versions', () => {
    expect(
      inputError(() => parse('Metadata-Version: 3.0\nName: x\nVersion: 1\n'))
        .message,
    ).toMatch(/unsupported Metadata-Version 3.0/);
    expect(
      inputError(() => parse('Metadata-Version: two\nName: x\nVersion: 1\n'))
        .message,
    ).toMatch(/invalid Metadata-Version/);
    expect(
      parse('Metadata-Version: 2.5\nName: x\nVersion: 1\n').metadataVersion,
    ).toBe('2.5');
    expect(parse('Name: x\nVersion: 1\n').metadataVersion).toBeNull();
  });

  it('unfolds continuation lines of ordinary headers into one line, with CRLF or LF', () => {
    const meta = parse(
      'Metadata-Version: 1.0\r\nName: x\r\nVersion: 1\r\nSummary: a summary\r\n  that goes on\r\n\tand on\r\n',
    );
    expect(meta.summary).toBe('a summary that goes on and on');
    expect(meta.description).toBeNull();
  });

  it('keeps the line structure of a Description header folded with 8 spaces (setuptools)', () => {
    const meta = parse(
      lines(
        'Metadata-Version: 1.2',
        'Name: x',
        'Version: 1',
        'Description: Title',
        '        =====',
        '        ',
        '        | a | table |',
        '            indented',
        '        ',
        'Platform: any',
        '',
      ),
    );
    expect(meta.description).toBe(
      'Title\n=====\n\n| a | table |\n    indented',
    );
    expect(meta.platforms).toEqual(['any']);
  });

  it('strips the "|" prefix of a Description header folded the way the core metadata spec describes', () => {
    const meta = parse(
      lines(
        'Metadata-Version: 2.0',
        'Name: x',
        'Version: 1',
        'Description: This project provides powerful math functions',
        '        |For example, you can use `sum()` to sum numbers:',
        '        |',
        '        |Example::',
        '        |',
        '        |    >>> sum(1, 2)',
        '       |    3',
        '',
      ),
    );
    expect(meta.description).toBe(
      'This project provides powerful math functions\nFor example, you can use `sum()` to sum numbers:\n\nExample::\n\n    >>> sum(1, 2)\n    3',
    );
  });

  it('uses the body as description only when there is no Description header', () => {
    expect(
      parse('Name: x\nVersion: 1\nDescription: from header\n\nfrom body\n')
        .description,
    ).toBe('from header');
    expect(
      parse('Name: x\nVersion: 1\n\nfrom body\n\nsecond paragraph').description,
    ).toBe('from body\n\nsecond paragraph');
    expect(parse('Name: x\nVersion: 1\n\n   \n').description).toBeNull();
  });

  it("starts the body at the first line that is not a header, like Python's email parser", () => {
    const meta = parse(
      'Name: x\nVersion: 1\nnot a header line\nSummary: in the body\n',
    );
    expect(meta.description).toBe('not a header line\nSummary: in the body\n');
    expect(meta.summary).toBeNull();
  });

  it('keeps U+2028 and U+2029 inside a value, as Python does, instead of ending the headers there', () => {
    const meta = parse(
      lines(
        'Metadata-Version: 2.1',
        'Name: demo',
        'Version: 1.0',
        'Summary: one\u2028two\u2029three',
        'Requires-Python: >=3.9',
        '',
        'body',
      ),
    );
    expect(meta.summary).toBe('one\u2028two\u2029three');
    expect(meta.requiresPython).toBe('>=3.9');
    expect(meta.description).toBe('body');
  });

  it('keeps multi-line License text', () => {
    expect(
      parse(
        'Name: x\nVersion: 1\nLicense: MIT License\n        \n        Copyright (c) Someone\n',
      ).license,
    ).toBe('MIT License\n\nCopyright (c) Someone');
  });

  it('splits old-style space-separated keywords and new-style comma-separated ones', () => {
    expect(
      parse('Name: x\nVersion: 1\nKeywords: web  framework\tasync\n').keywords,
    ).toEqual(['web', 'framework', 'async']);
    expect(
      parse('Name: x\nVersion: 1\nKeywords: web framework, async,, http\n')
        .keywords,
    ).toEqual(['web framework', 'async', 'http']);
  });

  it('matches field names case-insensitively and keeps every field in raw', () => {
    const meta = parse(
      lines(
        'metadata-version: 2.1',
        'NAME: x',
        'version: 1',
        'home-page: https://h.example',
        'Download-URL: https://d.example',
        'Author: A',
        'Maintainer: M',
        'Maintainer-email: m@example.com',
        'Requires-External: libpq (>=12)',
        'Supported-Platform: RedHat 8',
        'Obsoletes-Dist: old-x',
        'Obsoletes-Dist: older-x',
        'X-Custom: yes',
        '',
      ),
    );
    expect(meta).toMatchObject({
      name: 'x',
      homePage: 'https://h.example',
      downloadUrl: 'https://d.example',
      author: 'A',
      maintainer: 'M',
      maintainerEmail: 'm@example.com',
      requiresExternal: ['libpq (>=12)'],
      supportedPlatforms: ['RedHat 8'],
    });
    expect(meta.raw['obsoletes-dist']).toEqual(['old-x', 'older-x']);
    expect(meta.raw['x-custom']).toEqual(['yes']);
  });

  it('keeps the first of a repeated single-use field', () => {
    expect(parse('Name: first\nName: second\nVersion: 1\n').name).toBe('first');
  });

  it('parses Project-URL labels safely, ignoring entries without a label or URL', () => {
    const meta = parse(
      lines(
        'Name: x',
        'Version: 1',
        'Project-URL: Docs, https://docs.example, with comma',
        'Project-URL: no-comma',
        'Project-URL: , https://no-label.example',
        'Project-URL: __proto__, https://proto.example',
        '',
      ),
    );
    expect(Object.keys(meta.projectUrls)).toEqual(['Docs', '__proto__']);
    expect(meta.projectUrls.Docs).toBe('https://docs.example, with comma');
    expect(Object.getPrototypeOf(meta.projectUrls)).toBe(Object.prototype);
    expect(meta.raw['project-url']).toHaveLength(4);
  });

  it('ignores a UTF-8 byte order mark', () => {
    expect(
      parseCoreMetadata(Buffer.from('\ufeffName: x\nVersion: 1\n', 'utf8'))
        .name,
    ).toBe('x');
  });

  it('throws nothing but InvalidDistributionError on arbitrary input', () => {
    const header = fc.constantFrom(
      'Name: x\n',
      'Version: 1\n',
      'Metadata-Version: 2.1\n',
      'Description: d\n',
      ' cont\n',
      '\n',
      ':\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(header, fc.string()), { maxLength: 12 }),
        fc.uint8Array({ maxLength: 64 }),
        (parts, tail) => {
          try {
            parseCoreMetadata(
              Buffer.concat([Buffer.from(parts.join(''), 'utf8'), tail]),
            );
          } catch (err) {
            if (!(err instanceof InvalidDistributionError)) throw err;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
