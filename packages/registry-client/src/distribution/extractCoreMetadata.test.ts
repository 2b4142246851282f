import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvalidDistributionError } from './errors';
import {
  extractCoreMetadata,
  type ExtractCoreMetadataOptions,
} from './extractCoreMetadata';
import {
  buildArchives,
  zipDirectory,
  type FixtureSpec,
} from '@wheelhouse/test-utils/archives';
import { SAMPLE_METADATA_2_4 } from '@wheelhouse/test-utils/sampleMetadata';

const WHEEL = 'demo_pkg-1.0.0-py3-none-any.whl';
const SDIST = 'demo_pkg-1.0.0.tar.gz';
const META = 'demo_pkg-1.0.0.dist-info/METADATA';
const SAMPLE = Buffer.from(SAMPLE_METADATA_2_4, 'utf8');
const PKG_INFO = 'demo_pkg-1.0.0/PKG-INFO';

const wheelFiles = (
  extra: FixtureSpec['entries'] = [],
  metadata: FixtureSpec['entries'] = [
    { name: META, text: SAMPLE_METADATA_2_4 },
  ],
) => [
  { name: 'demo_pkg/__init__.py', text: '__version__ = "1.0.0"\n' },
  ...metadata,
  {
    name: 'demo_pkg-1.0.0.dist-info/WHEEL',
    text: 'Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  },
  ...extra,
  { name: 'demo_pkg-1.0.0.dist-info/RECORD', text: '' },
];
const zip = (
  file: string,
  entries: FixtureSpec['entries'],
  fillerEntries?: number,
): FixtureSpec => ({ file, format: 'zip', entries, fillerEntries });
const tgz = (file: string, entries: FixtureSpec['entries']): FixtureSpec => ({
  file,
  format: 'tar.gz',
  entries,
});
const sdistFiles = (
  before: FixtureSpec['entries'] = [],
  after: FixtureSpec['entries'] = [],
) => [
  { name: 'demo_pkg-1.0.0', type: 'dir' as const },
  // A nested PKG-INFO ahead of the real one: only {top}/PKG-INFO counts.
  {
    name: 'demo_pkg-1.0.0/src/demo_pkg.egg-info/PKG-INFO',
    text: 'Name: wrong\n',
  },
  ...before,
  { name: PKG_INFO, text: SAMPLE_METADATA_2_4 },
  { name: 'demo_pkg-1.0.0/setup.py', text: 'raise SystemExit\n' },
  ...after,
];

let dir: string;
const at = (file: string) => join(dir, file);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wheelhouse-metadata-'));
  buildArchives(dir, [
    zip('good.whl', wheelFiles()),
    zip(
      'stored.whl',
      wheelFiles([], [{ name: META, text: SAMPLE_METADATA_2_4, stored: true }]),
    ),
    zip('dirs-and-case.whl', [
      { name: 'Demo.Pkg-1.0.0.dist-info/' },
      { name: 'Demo.Pkg-1.0.0.dist-info/METADATA', text: SAMPLE_METADATA_2_4 },
    ]),
    zip('other-project.whl', [
      { name: 'other_pkg-1.0.0.dist-info/METADATA', text: SAMPLE_METADATA_2_4 },
    ]),
    zip('longer-project.whl', [
      {
        name: 'demo_pkg_extra-1.0.0.dist-info/METADATA',
        text: SAMPLE_METADATA_2_4,
      },
    ]),
    zip(
      'two-dist-info.whl',
      wheelFiles([
        { name: 'other-2.0.dist-info/METADATA', text: 'Name: other\n' },
      ]),
    ),
    zip('no-metadata.whl', wheelFiles([], [])),
    zip('nested-metadata.whl', [
      {
        name: 'demo_pkg/_vendor/dep-1.0.dist-info/METADATA',
        text: SAMPLE_METADATA_2_4,
      },
    ]),
    zip(
      'duplicate-metadata.whl',
      wheelFiles([{ name: META, text: 'Name: evil\n' }]),
    ),
    zip(
      'dotdot.whl',
      wheelFiles([{ name: '../evil/METADATA', text: 'Name: evil\n' }]),
    ),
    zip(
      'dotdot-inside.whl',
      wheelFiles([
        { name: 'demo_pkg-1.0.0.dist-info/../../evil.py', text: '' },
      ]),
    ),
    zip('absolute.whl', wheelFiles([{ name: '/tmp/evil.py', text: '' }])),
    zip('bomb.whl', wheelFiles([], [{ name: META, zeros: 50 * 1024 * 1024 }])),
    zip('big-metadata.whl', wheelFiles([], [{ name: META, zeros: 2000 }])),
    zip('many-entries.whl', wheelFiles(), 100_001),
    zip('sdist.zip', sdistFiles()),
    zip('sdist-two-tops.zip', [
      ...sdistFiles(),
      { name: 'other-1.0/README', text: '' },
    ]),
    zip('sdist-no-pkg-info.zip', [
      { name: 'demo_pkg-1.0.0/setup.py', text: '' },
    ]),
    tgz('good.tar.gz', sdistFiles()),
    tgz(
      'late-pkg-info.tar.gz',
      sdistFiles([
        { name: 'demo_pkg-1.0.0/data.bin', random: 3 * 1024 * 1024 },
      ]),
    ),
    tgz(
      'early-pkg-info.tar.gz',
      sdistFiles(
        [],
        [{ name: 'demo_pkg-1.0.0/data.bin', random: 4 * 1024 * 1024 }],
      ),
    ),
    tgz('no-pkg-info.tar.gz', [
      { name: 'demo_pkg-1.0.0/setup.py', text: '' },
      { name: 'demo_pkg-1.0.0/src/x.egg-info/PKG-INFO', text: '' },
    ]),
    tgz('dotdot.tar.gz', [
      { name: '../evil/PKG-INFO', text: SAMPLE_METADATA_2_4 },
    ]),
    tgz('absolute.tar.gz', [
      { name: '/abs/PKG-INFO', text: SAMPLE_METADATA_2_4 },
    ]),
    tgz('two-tops.tar.gz', [
      { name: 'a-1.0/setup.py', text: '' },
      { name: 'b-1.0/PKG-INFO', text: SAMPLE_METADATA_2_4 },
    ]),
    tgz('root-file.tar.gz', [
      { name: 'setup.py', text: '' },
      { name: PKG_INFO, text: SAMPLE_METADATA_2_4 },
    ]),
    tgz('symlink.tar.gz', [
      { name: PKG_INFO, type: 'symlink', linkname: '/etc/passwd' },
    ]),
    tgz('big-pkg-info.tar.gz', [{ name: PKG_INFO, zeros: 2 * 1024 * 1024 }]),
    tgz(
      'gzip-bomb.tar.gz',
      sdistFiles([
        { name: 'demo_pkg-1.0.0/zeros.bin', zeros: 50 * 1024 * 1024 },
      ]),
    ),
  ]);
  writeFileSync(at('not-a-zip.whl'), 'this is not a zip file\n'.repeat(10));
  writeFileSync(at('empty.whl'), '');
  const good = readFileSync(at('good.whl'));
  writeFileSync(
    at('truncated.whl'),
    good.subarray(0, Math.floor(good.length * 0.6)),
  );

  // A bomb whose headers claim a small size: only the inflater can find out, and must stop early.
  const liar = readFileSync(at('bomb.whl'));
  const bomb = zipDirectory(liar).find(r => r.name === META)!;
  liar.writeUInt32LE(1000, bomb.central + 24);
  liar.writeUInt32LE(1000, bomb.local + 22);
  writeFileSync(at('lying-bomb.whl'), liar);

  // Python cannot write encrypted zips; set the "encrypted" flag bit on METADATA instead.
  const encrypted = readFileSync(at('good.whl'));
  const meta = zipDirectory(encrypted).find(r => r.name === META)!;
  encrypted.writeUInt16LE(
    encrypted.readUInt16LE(meta.central + 8) | 1,
    meta.central + 8,
  );
  encrypted.writeUInt16LE(
    encrypted.readUInt16LE(meta.local + 6) | 1,
    meta.local + 6,
  );
  writeFileSync(at('encrypted.whl'), encrypted);

  const badCrc = readFileSync(at('stored.whl'));
  const stored = zipDirectory(badCrc).find(r => r.name === META)!;
  badCrc.writeUInt32LE(
    (badCrc.readUInt32LE(stored.central + 16) ^ 1) >>> 0,
    stored.central + 16,
  );
  writeFileSync(at('bad-crc.whl'), badCrc);

  const tarGz = readFileSync(at('good.tar.gz'));
  writeFileSync(
    at('bad-magic.tar.gz'),
    Buffer.concat([Buffer.from([0x1f, 0x8c]), tarGz.subarray(2)]),
  );
  const scrambled = Buffer.from(tarGz);
  scrambled.fill(0xff, 20, 60);
  writeFileSync(at('scrambled.tar.gz'), scrambled);
  writeFileSync(at('not-gzip.tar.gz'), 'plain text, not gzip\n');
  const late = readFileSync(at('late-pkg-info.tar.gz'));
  writeFileSync(
    at('truncated.tar.gz'),
    late.subarray(0, Math.floor(late.length / 2)),
  );
  const early = readFileSync(at('early-pkg-info.tar.gz'));
  writeFileSync(
    at('early-then-truncated.tar.gz'),
    early.subarray(0, Math.floor(early.length * 0.7)),
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wheel = (file: string, extra: Partial<ExtractCoreMetadataOptions> = {}) =>
  extractCoreMetadata({
    path: at(file),
    kind: 'wheel',
    filename: WHEEL,
    ...extra,
  });
const sdist = (
  file: string,
  filename = SDIST,
  extra: Partial<ExtractCoreMetadataOptions> = {},
) => extractCoreMetadata({ path: at(file), kind: 'sdist', filename, ...extra });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

async function expectInvalid(
  promise: Promise<unknown>,
  message: RegExp,
): Promise<void> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(InvalidDistributionError);
  expect(err.message).toMatch(message);
}

describe('extractCoreMetadata: wheels', () => {
  it('returns the exact bytes of .dist-info/METADATA, deflated or stored', async () => {
    expect((await wheel('good.whl')).equals(SAMPLE)).toBe(true);
    expect((await wheel('stored.whl')).equals(SAMPLE)).toBe(true);
  });

  it('accepts directory entries and a .dist-info name that only matches after PEP 503 normalisation', async () => {
    expect((await wheel('dirs-and-case.whl')).equals(SAMPLE)).toBe(true);
  });

  it('rejects a .dist-info directory of another project than the filename says', async () => {
    await expectInvalid(
      wheel('other-project.whl'),
      /^Invalid wheel: .dist-info directory "other_pkg-1.0.0.dist-info" does not match the filename "demo_pkg-1.0.0-py3-none-any.whl"$/,
    );
    await expectInvalid(
      wheel('longer-project.whl'),
      /^Invalid wheel: .dist-info directory "demo_pkg_extra-1.0.0.dist-info" does not match/,
    );
  });

  it.each([
    ['truncated.whl', /^Invalid wheel: the archive is corrupt or truncated/],
    ['not-a-zip.whl', /^Invalid wheel: the archive is corrupt or truncated/],
    ['empty.whl', /^Invalid wheel: the archive is corrupt or truncated/],
    ['two-dist-info.whl', /^Invalid wheel: more than one .dist-info directory/],
    ['no-metadata.whl', /^Invalid wheel: no .dist-info\/METADATA found$/],
    ['nested-metadata.whl', /^Invalid wheel: no .dist-info\/METADATA found$/],
    ['duplicate-metadata.whl', /^Invalid wheel: more than one METADATA entry$/],
    [
      'dotdot.whl',
      /^Invalid wheel: unsafe archive member path \(invalid relative path: \.\.\/evil\/METADATA\)$/,
    ],
    ['dotdot-inside.whl', /^Invalid wheel: unsafe archive member path/],
    [
      'absolute.whl',
      /^Invalid wheel: unsafe archive member path \(absolute path: \/tmp\/evil.py\)$/,
    ],
    [
      'encrypted.whl',
      /^Invalid wheel: encrypted archive entries are not supported/,
    ],
    ['bad-crc.whl', /^Invalid wheel: METADATA fails its CRC-32 check/],
    [
      'many-entries.whl',
      /^Invalid wheel: too many archive entries \(100005, at most 100000 allowed\)$/,
    ],
  ])('rejects %s', async (file, message) => {
    await expectInvalid(wheel(file), message);
  });

  it('rejects a zip bomb by its declared size without inflating it', async () => {
    const started = Date.now();
    await expectInvalid(
      wheel('bomb.whl'),
      /^Invalid wheel: METADATA is larger than the 1 MiB limit$/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops inflating a zip bomb that lies about its size as soon as the limit is passed', async () => {
    const started = Date.now();
    const err = await rejection(wheel('lying-bomb.whl'));
    expect(err).toBeInstanceOf(InvalidDistributionError);
    // yauzl reports how far inflation got before the lie was caught: one chunk, not 50 MB.
    const inflated = Number(
      /^Invalid wheel: the archive is corrupt or truncated \(too many bytes in the stream\. expected 1000\. got at least (\d+)\)$/.exec(
        err.message,
      )?.[1],
    );
    expect(inflated).toBeLessThanOrEqual(64 * 1024);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('honours maxBytes exactly', async () => {
    expect(await wheel('big-metadata.whl', { maxBytes: 2000 })).toHaveLength(
      2000,
    );
    await expectInvalid(
      wheel('big-metadata.whl', { maxBytes: 1999 }),
      /^Invalid wheel: METADATA is larger than the 1999 bytes limit$/,
    );
  });

  it('lets a missing file (our own disk, not the upload) through as a plain error', async () => {
    const err = await rejection(wheel('does-not-exist.whl'));
    expect(err).not.toBeInstanceOf(InvalidDistributionError);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('extractCoreMetadata: sdists', () => {
  it('returns the exact bytes of {top}/PKG-INFO from a .tar.gz', async () => {
    expect((await sdist('good.tar.gz')).equals(SAMPLE)).toBe(true);
  });

  it('streams past large members ahead of PKG-INFO', async () => {
    expect((await sdist('late-pkg-info.tar.gz')).equals(SAMPLE)).toBe(true);
  });

  it('reads the gzip stream to its end after PKG-INFO, so a truncated sdist is refused rather than stored', async () => {
    await expectInvalid(
      sdist('early-then-truncated.tar.gz'),
      /^Invalid sdist: the archive is corrupt or truncated/,
    );
  });

  it('reads {top}/PKG-INFO from a .zip sdist', async () => {
    expect(
      (await sdist('sdist.zip', 'demo_pkg-1.0.0.zip')).equals(SAMPLE),
    ).toBe(true);
  });

  it.each([
    [
      'bad-magic.tar.gz',
      /^Invalid sdist: the archive is corrupt or truncated \(incorrect header check\)$/,
    ],
    ['scrambled.tar.gz', /^Invalid sdist: the archive is corrupt or truncated/],
    ['not-gzip.tar.gz', /^Invalid sdist: the archive is corrupt or truncated/],
    ['truncated.tar.gz', /^Invalid sdist: the archive is corrupt or truncated/],
    [
      'no-pkg-info.tar.gz',
      /^Invalid sdist: no PKG-INFO found in the top-level directory$/,
    ],
    [
      'dotdot.tar.gz',
      /^Invalid sdist: archive member path contains "..": "..\/evil\/PKG-INFO"$/,
    ],
    [
      'absolute.tar.gz',
      /^Invalid sdist: archive member has an absolute path: "\/abs\/PKG-INFO"$/,
    ],
    [
      'two-tops.tar.gz',
      /^Invalid sdist: more than one top-level directory \("a-1.0", "b-1.0"\)$/,
    ],
    [
      'root-file.tar.gz',
      /^Invalid sdist: file "setup.py" is outside the single top-level directory$/,
    ],
    [
      'symlink.tar.gz',
      /^Invalid sdist: PKG-INFO is not a regular file \(symlink\)$/,
    ],
    [
      'big-pkg-info.tar.gz',
      /^Invalid sdist: PKG-INFO is larger than the 1 MiB limit$/,
    ],
  ])('rejects %s', async (file, message) => {
    await expectInvalid(sdist(file), message);
  });

  it.each([
    ['sdist-two-tops.zip', /^Invalid sdist: more than one top-level directory/],
    ['sdist-no-pkg-info.zip', /^Invalid sdist: no PKG-INFO found/],
    ['not-a-zip.whl', /^Invalid sdist: the archive is corrupt or truncated/],
  ])('rejects the zip sdist %s', async (file, message) => {
    await expectInvalid(sdist(file, 'demo_pkg-1.0.0.zip'), message);
  });

  it('gives up on a gzip bomb after maxScanBytes of decompressed data', async () => {
    const started = Date.now();
    await expectInvalid(
      sdist('gzip-bomb.tar.gz', SDIST, { maxScanBytes: 8 * 1024 * 1024 }),
      /^Invalid sdist: no PKG-INFO within the first 8 MiB of the archive$/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects sdist formats other than .tar.gz and .zip', async () => {
    await expectInvalid(
      sdist('good.tar.gz', 'demo_pkg-1.0.0.tar.bz2'),
      /^Invalid sdist: unsupported archive format "demo_pkg-1.0.0.tar.bz2"/,
    );
  });
});

/** Fails instead of letting a hung promise eat the whole jest timeout. */
async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`did not settle within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('extractCoreMetadata: fuzzing', () => {
  let goodWheel: Buffer;
  let goodSdist: Buffer;
  beforeAll(() => {
    goodWheel = readFileSync(at('stored.whl'));
    goodSdist = readFileSync(at('good.tar.gz'));
  });

  /** Extracting from arbitrary bytes may succeed or throw InvalidDistributionError: nothing else, and never hang. */
  async function onlyInvalidDistributionErrors(
    bytes: Uint8Array,
    kind: 'wheel' | 'sdist',
  ): Promise<void> {
    const path = at(kind === 'wheel' ? 'fuzz.whl' : 'fuzz.tar.gz');
    writeFileSync(path, bytes);
    try {
      await settlesWithin(
        extractCoreMetadata({
          path,
          kind,
          filename: kind === 'wheel' ? WHEEL : SDIST,
        }),
        5000,
      );
    } catch (err) {
      if (!(err instanceof InvalidDistributionError)) throw err;
    }
  }

  const mutations = (length: number) =>
    fc.array(
      fc.record({
        offset: fc.nat({ max: length - 1 }),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 8 },
    );
  const mutate = (
    original: Buffer,
    changes: { offset: number; byte: number }[],
  ) => {
    const copy = Buffer.from(original);
    for (const { offset, byte } of changes) copy[offset] = byte;
    return copy;
  };

  it('truncations of a valid wheel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: goodWheel.length }), end =>
        onlyInvalidDistributionErrors(goodWheel.subarray(0, end), 'wheel'),
      ),
      { numRuns: 150 },
    );
  });

  it('random byte changes in a valid wheel', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(goodWheel.length), changes =>
        onlyInvalidDistributionErrors(mutate(goodWheel, changes), 'wheel'),
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes, with and without a zip end-of-central-directory record', async () => {
    const eocd = goodWheel.subarray(
      goodWheel.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.boolean(),
        (bytes, withEocd) =>
          onlyInvalidDistributionErrors(
            withEocd ? Buffer.concat([bytes, eocd]) : bytes,
            'wheel',
          ),
      ),
      { numRuns: 200 },
    );
  });

  it('truncations and byte changes of a valid .tar.gz', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: goodSdist.length }),
        mutations(goodSdist.length),
        (end, changes) =>
          onlyInvalidDistributionErrors(
            mutate(goodSdist, changes).subarray(0, end),
            'sdist',
          ),
      ),
      { numRuns: 200 },
    );
  });
});
