import fc from 'fast-check';
import { version as anyVersion } from './__testutils__/arbitraries';
import {
  filenameMatches,
  filetypeFor,
  isSafeFilename,
  MAX_FILENAME_LENGTH,
  ParsedFilename,
  parseDistributionFilename,
} from './filename';

describe('parseDistributionFilename: wheels', () => {
  it('parses a manylinux wheel with compressed tag sets', () => {
    const filename =
      'numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl';
    expect(parseDistributionFilename(filename)).toEqual({
      kind: 'wheel',
      name: 'numpy',
      version: '2.1.0',
      pythonTag: 'cp312',
      abiTag: 'cp312',
      platformTag: 'manylinux_2_17_x86_64.manylinux2014_x86_64',
    });
  });

  it('parses a build tag, which must start with a digit', () => {
    expect(parseDistributionFilename('pkg-1.0-1-py3-none-any.whl')).toEqual({
      kind: 'wheel',
      name: 'pkg',
      version: '1.0',
      build: '1',
      pythonTag: 'py3',
      abiTag: 'none',
      platformTag: 'any',
    });
    expect(
      parseDistributionFilename('pkg-1.0-20240101abc-py3-none-any.whl'),
    ).toMatchObject({ build: '20240101abc' });
    expect(
      parseDistributionFilename('pkg-1.0-abc-py3-none-any.whl'),
    ).toBeUndefined();
    expect(
      parseDistributionFilename('pkg-1.0-_1-py3-none-any.whl'),
    ).toBeUndefined();
  });

  it('has no build key when there is no build tag', () => {
    expect(
      parseDistributionFilename('pkg-1.0-py3-none-any.whl'),
    ).not.toHaveProperty('build');
  });

  it.each([
    [
      'six-1.16.0-py2.py3-none-any.whl',
      'six',
      '1.16.0',
      'py2.py3',
      'none',
      'any',
    ],
    ['Django-4.2-py3-none-any.whl', 'Django', '4.2', 'py3', 'none', 'any'],
    [
      'zope.interface-6.0-cp311-cp311-win_amd64.whl',
      'zope.interface',
      '6.0',
      'cp311',
      'cp311',
      'win_amd64',
    ],
    [
      'my_pkg-1.0.0rc1-py3-none-any.whl',
      'my_pkg',
      '1.0.0rc1',
      'py3',
      'none',
      'any',
    ],
    [
      'pkg-1!2.0+local.1-py3-none-any.whl',
      'pkg',
      '1!2.0+local.1',
      'py3',
      'none',
      'any',
    ],
    [
      'pkg-1.0_post1-py3-none-any.whl',
      'pkg',
      '1.0_post1',
      'py3',
      'none',
      'any',
    ],
    [
      'pkg-43.0.1-cp39-abi3-macosx_10_9_universal2.whl',
      'pkg',
      '43.0.1',
      'cp39',
      'abi3',
      'macosx_10_9_universal2',
    ],
    [
      'pkg-2.0-cp313-cp313t-musllinux_1_2_aarch64.whl',
      'pkg',
      '2.0',
      'cp313',
      'cp313t',
      'musllinux_1_2_aarch64',
    ],
  ])('parses %s', (filename, name, version, pythonTag, abiTag, platformTag) => {
    const expected = {
      kind: 'wheel',
      name,
      version,
      pythonTag,
      abiTag,
      platformTag,
    };
    expect(parseDistributionFilename(filename)).toEqual(expected);
  });

  it.each([
    'pkg-1.0-py3-none.whl', // too few parts
    'pkg-1.0-1-2-py3-none-any.whl', // too many parts
    'my-pkg-1.0-py3-none-any.whl', // a dash in the name makes the parts shift
    'pkg-french-py3-none-any.whl',
    'pkg-1.0.*-py3-none-any.whl',
    '-1.0-py3-none-any.whl',
    'pkg_-1.0-py3-none-any.whl',
    '.pkg-1.0-py3-none-any.whl',
    'pkg-1.0-py3--any.whl',
    'pkg-1.0-py3-none-any..whl',
    'pkg-1.0-py3-none-.any.whl',
    'pkg-1.0-py+3-none-any.whl',
    'pkg-1.0-py3-none-any.WHL',
    'pkg-1.0-py3-none-any.whl.zip',
    '.whl',
    'pkg-1.0-py3-none-any.whl/',
    '../pkg-1.0-py3-none-any.whl',
    'pkg-1.0-py3-none-any.whl\u0000',
  ])('rejects %j', filename => {
    expect(parseDistributionFilename(filename)).toBeUndefined();
  });
});

describe('parseDistributionFilename: sdists', () => {
  it.each([
    ['my_pkg-1.0.0.tar.gz', 'my_pkg', '1.0.0', '.tar.gz'],
    ['my-pkg-1.0.0.tar.gz', 'my-pkg', '1.0.0', '.tar.gz'],
    ['a-b-c-2.0.tar.gz', 'a-b-c', '2.0', '.tar.gz'],
    ['Django-4.2.zip', 'Django', '4.2', '.zip'],
    ['zope.interface-6.0.tar.gz', 'zope.interface', '6.0', '.tar.gz'],
    [
      'pkg-1!2.0rc1.post2.dev3+local.tar.gz',
      'pkg',
      '1!2.0rc1.post2.dev3+local',
      '.tar.gz',
    ],
    // The version may itself contain dashes: the last dash that leaves a valid version wins.
    ['my-pkg-1.0-rc1.tar.gz', 'my-pkg', '1.0-rc1', '.tar.gz'],
    ['pkg-1.0-dev.tar.gz', 'pkg', '1.0-dev', '.tar.gz'],
    // Ambiguous: `1` is a valid version, so this reads as project `pkg-1.0`, as pip reads it.
    ['pkg-1.0-1.tar.gz', 'pkg-1.0', '1', '.tar.gz'],
  ])('parses %s', (filename, name, version, extension) => {
    expect(parseDistributionFilename(filename)).toEqual({
      kind: 'sdist',
      name,
      version,
      extension,
    });
  });

  it.each([
    'pkg.tar.gz',
    'pkg-.tar.gz',
    '-1.0.tar.gz',
    'pkg--1.0.tar.gz',
    'pkg_-1.0.tar.gz',
    'pkg-french.tar.gz',
    'pkg-1.0.tar.bz2',
    'pkg-1.0.tgz',
    'pkg-1.0.tar',
    'pkg-1.0.egg',
    'pkg-1.0.exe',
    'pkg-1.0.TAR.GZ',
    'pkg-1.0.tar.gz.asc',
    '.tar.gz',
    'pkg-1.0 .tar.gz',
    'pkg/1.0.tar.gz',
    'pkg-1.0.tar.gz\n',
  ])('rejects %j', filename => {
    expect(parseDistributionFilename(filename)).toBeUndefined();
  });
});

describe('isSafeFilename', () => {
  const safe = [
    'a',
    '1',
    '-x',
    'A_B-1.zip',
    'pkg-1.0.tar.gz',
    'pkg-1!1.0+local.1-py3-none-any.whl',
  ];
  it.each(safe)('accepts %s', name => {
    expect(isSafeFilename(name)).toBe(true);
  });

  it('caps the length at 255', () => {
    expect(isSafeFilename('a'.repeat(MAX_FILENAME_LENGTH))).toBe(true);
    expect(isSafeFilename('a'.repeat(MAX_FILENAME_LENGTH + 1))).toBe(false);
  });

  it.each([
    '',
    '.',
    '..',
    '.hidden',
    '.tar.gz',
    'a/b',
    '/a',
    'a\\b',
    'a\u0000b',
    'a\nb',
    'a\tb',
    'a\u007fb',
    'a b',
    'a%2fb',
    'a:b',
    '~pkg',
    'pkg?.whl',
    'pkg*.whl',
    'é.whl',
    'pkg\u2215x.whl', // division slash
  ])('rejects %j', name => {
    expect(isSafeFilename(name)).toBe(false);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(isSafeFilename(undefined as unknown as string)).toBe(false);
  });
});

describe('filenameMatches', () => {
  const wheel = parseDistributionFilename(
    'my_pkg-1.0-py3-none-any.whl',
  ) as ParsedFilename;
  const sdist = parseDistributionFilename(
    'My.Pkg-1.0-RC1.tar.gz',
  ) as ParsedFilename;

  it('compares normalized names and canonical versions', () => {
    expect(filenameMatches(wheel, 'my-pkg', '1.0')).toBe(true);
    expect(filenameMatches(wheel, 'My.Pkg', 'v1.0')).toBe(true);
    expect(filenameMatches(wheel, 'MY__PKG', '1.0')).toBe(true);
    expect(filenameMatches(sdist, 'my_pkg', '1.0rc1')).toBe(true);
    expect(filenameMatches(sdist, 'my-pkg', '1.0c1')).toBe(true);
  });

  it('rejects another project or version', () => {
    expect(filenameMatches(wheel, 'my-pkg2', '1.0')).toBe(false);
    expect(filenameMatches(wheel, 'mypkg', '1.0')).toBe(false);
    expect(filenameMatches(wheel, 'my-pkg', '1.0.post0')).toBe(false);
    expect(filenameMatches(wheel, 'my-pkg', '1.0+local')).toBe(false);
    expect(filenameMatches(sdist, 'my-pkg', '1.0')).toBe(false);
  });

  it('needs the same canonical text, so 1.0 and 1.0.0 differ', () => {
    expect(filenameMatches(wheel, 'my-pkg', '1.0.0')).toBe(false);
  });

  it('never matches an invalid version', () => {
    expect(filenameMatches(wheel, 'my-pkg', 'not a version')).toBe(false);
    const forged: ParsedFilename = {
      kind: 'sdist',
      name: 'pkg',
      version: 'bad',
      extension: '.zip',
    };
    expect(filenameMatches(forged, 'pkg', 'bad')).toBe(false);
  });
});

describe('filetypeFor', () => {
  it('maps wheels to bdist_wheel and sdists to sdist', () => {
    expect(
      filetypeFor(parseDistributionFilename('pkg-1.0-py3-none-any.whl')!),
    ).toBe('bdist_wheel');
    expect(filetypeFor(parseDistributionFilename('pkg-1.0.tar.gz')!)).toBe(
      'sdist',
    );
    expect(filetypeFor(parseDistributionFilename('pkg-1.0.zip')!)).toBe(
      'sdist',
    );
  });
});

describe('properties', () => {
  const wheelName = fc.stringMatching(
    /^[A-Za-z0-9]([A-Za-z0-9._]{0,20}[A-Za-z0-9])?$/,
  );
  const legacyName = fc.stringMatching(
    /^[A-Za-z0-9]([A-Za-z0-9._-]{0,20}[A-Za-z0-9])?$/,
  );
  const tag = fc.constantFrom(
    'py3',
    'cp312',
    'py2.py3',
    'none',
    'abi3',
    'any',
    'manylinux_2_17_x86_64.win_amd64',
  );
  const build = fc.option(fc.stringMatching(/^[0-9][A-Za-z0-9_]{0,5}$/), {
    nil: undefined,
  });

  it('wheel filenames round-trip', () => {
    fc.assert(
      fc.property(
        wheelName,
        anyVersion,
        build,
        tag,
        tag,
        tag,
        (name, v, buildTag, pythonTag, abiTag, platformTag) => {
          const parts = [
            name,
            v.toString(),
            buildTag,
            pythonTag,
            abiTag,
            platformTag,
          ];
          const filename = `${parts.filter(part => part !== undefined).join('-')}.whl`;
          const parsed = parseDistributionFilename(filename);
          expect(parsed).toEqual({
            kind: 'wheel',
            name,
            version: v.toString(),
            ...(buildTag !== undefined && { build: buildTag }),
            pythonTag,
            abiTag,
            platformTag,
          });
          expect(filenameMatches(parsed!, name, v.toString())).toBe(true);
        },
      ),
    );
  });

  it('sdist filenames round-trip, with dashes in the name too', () => {
    fc.assert(
      fc.property(
        legacyName,
        anyVersion,
        fc.constantFrom('.tar.gz', '.zip' as const),
        (name, v, extension) => {
          const parsed = parseDistributionFilename(`${name}-${v}${extension}`);
          expect(parsed).toEqual({
            kind: 'sdist',
            name,
            version: v.toString(),
            extension,
          });
          expect(
            filenameMatches(parsed!, name.toUpperCase(), v.toString()),
          ).toBe(true);
        },
      ),
    );
  });

  it('never throws, and parses only safe filenames', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.stringMatching(
        /^[a-z.\/_-]{0,8}-[0-9.a-z+!-]{0,8}(-[a-z0-9_]{0,4}){0,4}\.(whl|tar\.gz|zip)$/,
      ),
    );
    fc.assert(
      fc.property(text, filename => {
        const parsed = parseDistributionFilename(filename);
        expect(!parsed || isSafeFilename(filename)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
