/**
 * Hostile distribution files: property tests (fast-check) over wheels and sdists that are truncated, bit-flipped,
 * carry METADATA in wrong encodings or of any bytes, hold path-traversal members, links, duplicate or misplaced
 * metadata, headers that lie about sizes, unsupported compression or encryption — plus zip and gzip bombs.
 * Every upload is answered 200 or 400 (never 500, never a crash), a refused file is not stored, an accepted file
 * is served byte for byte with exactly the METADATA it contains, and the server's memory stays bounded.
 */
import zlib from 'node:zlib';
import fc from 'fast-check';
import {
  buildSdist,
  buildTarGz,
  buildTarGzBomb,
  buildWheel,
  buildZip,
  Distribution,
  escapeName,
  metadataText,
  sha256,
  TarEntry,
  ZipEntry,
} from '@wheelhouse/test-utils/archiveBytes';
import {
  Baseline,
  baseline,
  expectHealthy,
  expectStatusIn,
} from './support/checks';
import { fcParameters, recordFigures } from './support/report';
import { downloadSha256 } from './support/storage';
import { ReliabilityTarget, rssKiB, startTarget } from './support/target';
import { upload } from './support/uploads';

jest.setTimeout(180_000);

const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const METADATA_LIMIT = 1024 * 1024;

let target: ReliabilityTarget;
let before: Baseline;
let counter = 0;
let prefix = '';
const accepted = new Set<string>();
const figures: Record<
  string,
  {
    cases: number;
    statuses: Record<string, number>;
    mutations: Record<string, number>;
  }
> = {};

function tally(
  property: string,
  mutation: string,
  status: number | string,
): void {
  const entry = (figures[property] ??= {
    cases: 0,
    statuses: {},
    mutations: {},
  });
  entry.cases += 1;
  entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
  entry.mutations[mutation] = (entry.mutations[mutation] ?? 0) + 1;
}

beforeAll(async () => {
  target = await startTarget({
    label: 'archive-fuzz',
    maxUploadBytes: MAX_UPLOAD_BYTES,
  });
  prefix = target.name('az');
  before = baseline(target);
});

afterAll(async () => {
  recordFigures('archive-fuzz', { properties: figures });
  await target?.stop();
});

afterEach(async () => {
  const snapshot = await expectHealthy(target, before);
  if (!snapshot) return;
  const ours = new Set(
    snapshot.files
      .filter(file => file.project.startsWith(prefix))
      .map(file => file.filename),
  );
  // Stored is exactly what was accepted (a hook, so it throws rather than expects).
  const lost = [...accepted].filter(filename => !ours.has(filename));
  const extra = [...ours].filter(filename => !accepted.has(filename));
  if (lost.length || extra.length)
    throw new Error(
      `accepted but not stored: ${lost.join(', ')}; stored but not accepted: ${extra.join(', ')}`,
    );
});

/** Uploads; on 200 checks the file and its PEP 658 metadata are served exactly as they are in the archive. */
async function uploadAndCheck(
  dist: Distribution,
  project: string,
  version: string,
  allowed: number[],
  what: string,
) {
  const answer = await upload(target, dist, {
    fields: { name: project, version },
  });
  if (answer?.status === 200) accepted.add(dist.filename);
  const response = expectStatusIn(answer, allowed, what);
  if (response.status === 200) {
    const url = `${target.baseUrl}/${target.repos.public}/files/${dist.sha256}/${dist.filename}`;
    expect(await downloadSha256(url)).toMatchObject({
      status: 200,
      sha256: dist.sha256,
    });
    const metadata = await downloadSha256(`${url}.metadata`);
    // An sdist's PKG-INFO is served only from Metadata-Version 2.2 on (PEP 643), and these never mark Requires-Dist
    // Dynamic.
    const served =
      dist.filename.endsWith('.whl') ||
      /^\uFEFF?Metadata-Version:\s*2\.([2-9]|\d\d)\s*$/im.test(
        dist.metadata.toString('utf8'),
      );
    expect(metadata).toMatchObject(
      served ? { status: 200, sha256: sha256(dist.metadata) } : { status: 404 },
    );
  }
  return response;
}

type Expect = 'reject' | 'either' | 'accept';
const ALLOWED: Record<Expect, number[]> = {
  reject: [400],
  either: [200, 400],
  accept: [200],
};

// ---------------------------------------------------------------------------------------------------------------

const HOSTILE_MEMBERS = [
  '../evil.py',
  '../../../../tmp/evil.py',
  '/etc/evil.py',
  'C:\\evil.py',
  'C:/evil.py',
  'pkg/../../evil.py',
  '..\\..\\evil.py',
  'pkg\\..\\..\\evil.py',
  './../evil.py',
];

/** Re-encodes METADATA text the ways real files go wrong. */
const ENCODINGS: Record<
  string,
  { encode: (text: string) => Buffer; expect: Expect }
> = {
  latin1: { encode: text => Buffer.from(text, 'latin1'), expect: 'reject' },
  utf16le: {
    encode: text =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    expect: 'reject',
  },
  utf16be: {
    encode: text => Buffer.from(Buffer.from(text, 'utf16le')).swap16(),
    expect: 'reject',
  },
  utf8Bom: {
    encode: text =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    expect: 'either',
  },
  crlf: {
    encode: text => Buffer.from(text.replace(/\n/g, '\r\n')),
    expect: 'accept',
  },
  cr: {
    encode: text => Buffer.from(text.replace(/\n/g, '\r')),
    expect: 'accept',
  },
  nul: {
    encode: text => Buffer.from(text.replace('Summary', 'Sum\u0000mary')),
    expect: 'reject',
  },
  overlong: {
    encode: text =>
      Buffer.concat([Buffer.from(text), Buffer.from([0xc0, 0xaf])]),
    expect: 'reject',
  },
  surrogate: {
    encode: text =>
      Buffer.concat([Buffer.from(text), Buffer.from([0xed, 0xa0, 0x80])]),
    expect: 'reject',
  },
};

type WheelMutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; offsets: number[]; xor: number }
  | { kind: 'metadataBytes'; bytes: Uint8Array }
  | { kind: 'encoding'; encoding: string }
  | { kind: 'traversal'; member: string }
  | { kind: 'invalidUtf8Name' }
  | { kind: 'duplicateMetadata' }
  | { kind: 'secondDistInfo' }
  | { kind: 'foreignDistInfo' }
  | { kind: 'declaredSize'; size: number }
  | { kind: 'method'; method: number }
  | { kind: 'encrypted' }
  | { kind: 'badCrc' }
  | { kind: 'overlap'; copies: number }
  | { kind: 'hugeMetadata'; delta: number }
  | {
      kind: 'metadataField';
      field:
        | 'metadataVersion'
        | 'noName'
        | 'noVersion'
        | 'otherName'
        | 'otherVersion';
    }
  | { kind: 'symlinkMetadata' };

const wheelMutation: fc.Arbitrary<WheelMutation> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.nat().map(at => ({ kind: 'truncate' as const, at })),
  fc.record({
    kind: fc.constant('flip' as const),
    offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc
    .uint8Array({ maxLength: 2048 })
    .map(bytes => ({ kind: 'metadataBytes' as const, bytes })),
  fc
    .constantFrom(...Object.keys(ENCODINGS))
    .map(encoding => ({ kind: 'encoding' as const, encoding })),
  fc
    .oneof(
      fc.constantFrom(...HOSTILE_MEMBERS),
      fc
        .array(fc.constantFrom('..', '.', 'a', '', '\\', 'C:'), {
          minLength: 1,
          maxLength: 5,
        })
        .map(segments => `${segments.join('/')}/x.py`)
        // Only names that really leave the archive: a ".." segment, a leading separator or a drive letter.
        .filter(
          name =>
            /(^|[\\/])\.\.([\\/]|$)/.test(name) ||
            /^[\\/]/.test(name) ||
            /^[a-zA-Z]:/.test(name),
        ),
    )
    .map(member => ({ kind: 'traversal' as const, member })),
  fc.constantFrom(
    { kind: 'invalidUtf8Name' as const },
    { kind: 'duplicateMetadata' as const },
    { kind: 'secondDistInfo' as const },
    { kind: 'foreignDistInfo' as const },
    { kind: 'encrypted' as const },
    { kind: 'badCrc' as const },
    { kind: 'symlinkMetadata' as const },
  ),
  fc
    .oneof(
      fc.nat({ max: 10 }),
      fc.constantFrom(0xffffffff, METADATA_LIMIT + 1, 2 ** 31),
    )
    .map(size => ({ kind: 'declaredSize' as const, size })),
  fc
    .constantFrom(1, 6, 9, 12, 14, 93, 95, 99)
    .map(method => ({ kind: 'method' as const, method })),
  fc
    .integer({ min: 1, max: 3000 })
    .map(copies => ({ kind: 'overlap' as const, copies })),
  fc
    .integer({ min: -2, max: 2 })
    .map(delta => ({ kind: 'hugeMetadata' as const, delta })),
  fc
    .constantFrom(
      'metadataVersion',
      'noName',
      'noVersion',
      'otherName',
      'otherVersion',
    )
    .map(field => ({
      kind: 'metadataField' as const,
      field: field as 'metadataVersion',
    })),
);

/** A wheel with the mutation applied, and what the server must answer. */
function mutatedWheel(
  project: string,
  mutation: WheelMutation,
): { dist: Distribution; expect: Expect } {
  const version = '1.0';
  const info = `${escapeName(project)}-${version}.dist-info`;
  const text = metadataText({
    name: project,
    version,
    summary: 'Ünïcödé summary ✓',
  });
  const base = () =>
    buildWheel({ name: project, version, metadataBytes: Buffer.from(text) });
  const withBytes = (content: Buffer, metadata: Buffer): Distribution => ({
    ...base(),
    content,
    metadata,
    sha256: sha256(content),
  });
  const entries = (
    metadata: Buffer,
    overrides: Partial<ZipEntry> = {},
  ): ZipEntry[] => [
    {
      name: `${escapeName(project)}/__init__.py`,
      data: Buffer.from('x = 1\n'),
    },
    { name: `${info}/METADATA`, data: metadata, ...overrides },
    {
      name: `${info}/WHEEL`,
      data: Buffer.from(
        'Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
      ),
    },
    { name: `${info}/RECORD`, data: Buffer.from('') },
  ];
  const zipped = (
    list: ZipEntry[],
    metadata: Buffer = Buffer.from(text),
    options = {},
  ) => withBytes(buildZip(list, options), metadata);
  switch (mutation.kind) {
    case 'none':
      return { dist: base(), expect: 'accept' };
    case 'truncate': {
      const wheel = base();
      const at = mutation.at % wheel.content.length;
      return {
        dist: withBytes(wheel.content.subarray(0, at), wheel.metadata),
        expect: 'reject',
      };
    }
    case 'flip': {
      const wheel = base();
      const content = Buffer.from(wheel.content);
      for (const offset of mutation.offsets)
        content[offset % content.length] ^= mutation.xor;
      return { dist: withBytes(content, wheel.metadata), expect: 'either' };
    }
    case 'metadataBytes': {
      const metadata = Buffer.from(mutation.bytes);
      return { dist: zipped(entries(metadata), metadata), expect: 'reject' };
    }
    case 'encoding': {
      const { encode, expect } = ENCODINGS[mutation.encoding];
      const metadata = encode(text);
      return { dist: zipped(entries(metadata), metadata), expect };
    }
    case 'traversal':
      return {
        dist: zipped([
          ...entries(Buffer.from(text)),
          { name: mutation.member, data: Buffer.from('evil') },
        ]),
        expect: 'reject',
      };
    case 'invalidUtf8Name':
      return {
        dist: zipped([
          ...entries(Buffer.from(text)),
          {
            name: Buffer.from([0x61, 0xff, 0xfe, 0x2f, 0x2e, 0x2e]),
            data: Buffer.from('x'),
          },
        ]),
        expect: 'either',
      };
    case 'duplicateMetadata':
      return {
        dist: zipped([
          ...entries(Buffer.from(text)),
          { name: `${info}/METADATA`, data: Buffer.from(text) },
        ]),
        expect: 'reject',
      };
    case 'secondDistInfo':
      return {
        dist: zipped([
          ...entries(Buffer.from(text)),
          { name: `other-1.0.dist-info/METADATA`, data: Buffer.from(text) },
        ]),
        expect: 'reject',
      };
    case 'foreignDistInfo':
      return {
        dist: zipped(
          entries(Buffer.from(text)).map(entry => ({
            ...entry,
            name: String(entry.name).replace(
              info,
              'someone_else-1.0.dist-info',
            ),
          })),
        ),
        expect: 'reject',
      };
    case 'declaredSize':
      return {
        dist: zipped(
          entries(Buffer.from(text), {
            declaredUncompressedSize: mutation.size,
          }),
        ),
        expect: 'reject',
      };
    case 'method':
      return {
        dist: zipped(entries(Buffer.from(text), { method: mutation.method })),
        expect: 'reject',
      };
    case 'encrypted':
      return {
        dist: zipped(entries(Buffer.from(text), { encrypted: true })),
        expect: 'reject',
      };
    case 'badCrc':
      return {
        dist: zipped(entries(Buffer.from(text), { declaredCrc32: 0x12345678 })),
        expect: 'reject',
      };
    case 'symlinkMetadata':
      // A zip "symlink" is a file whose bytes are the target; METADATA's bytes are then not metadata at all.
      return {
        dist: zipped(
          entries(Buffer.from('../../etc/passwd'), { unixMode: 0o120777 }),
          Buffer.from('../../etc/passwd'),
        ),
        expect: 'reject',
      };
    case 'overlap':
      return {
        dist: zipped(entries(Buffer.from(text)), Buffer.from(text), {
          overlappingCopies: mutation.copies,
        }),
        expect: 'either',
      };
    case 'hugeMetadata': {
      const filler = METADATA_LIMIT + mutation.delta - Buffer.byteLength(text);
      const metadata = Buffer.from(text + 'x'.repeat(Math.max(0, filler)));
      return {
        dist: zipped(entries(metadata), metadata),
        expect: metadata.length > METADATA_LIMIT ? 'reject' : 'accept',
      };
    }
    case 'metadataField': {
      const variants = {
        metadataVersion: text.replace(
          'Metadata-Version: 2.1',
          'Metadata-Version: 3.0',
        ),
        noName: text.replace(/^Name: .*\n/m, ''),
        noVersion: text.replace(/^Version: .*\n/m, ''),
        otherName: text.replace(/^Name: .*$/m, 'Name: someone-else'),
        otherVersion: text.replace(/^Version: .*$/m, 'Version: 9.9'),
      };
      const metadata = Buffer.from(variants[mutation.field]);
      return { dist: zipped(entries(metadata), metadata), expect: 'reject' };
    }
    default:
      throw new Error(`Unknown mutation ${JSON.stringify(mutation)}`);
  }
}

describe('wheels', () => {
  test('truncated, corrupted, mis-encoded, traversing and lying wheels are answered 200 or 400, as they deserve', async () => {
    await fc.assert(
      fc.asyncProperty(wheelMutation, async mutation => {
        const project = `${prefix}-w${++counter}`;
        const { dist, expect } = mutatedWheel(project, mutation);
        const response = await uploadAndCheck(
          dist,
          project,
          '1.0',
          ALLOWED[expect],
          `wheel with ${JSON.stringify(mutation).slice(0, 300)}`,
        );
        tally('wheels', mutation.kind, response.status);
      }),
      fcParameters(200),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

type SdistMutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; offsets: number[]; xor: number }
  | { kind: 'metadataBytes'; bytes: Uint8Array }
  | { kind: 'encoding'; encoding: string }
  | { kind: 'traversal'; member: string }
  | { kind: 'link'; type: '1' | '2'; target: string }
  | { kind: 'outsideTop' }
  | { kind: 'secondTop' }
  | { kind: 'declaredSize'; extra: number }
  | { kind: 'unterminated' }
  | { kind: 'hugeMetadata'; delta: number }
  | { kind: 'longNames'; length: number }
  | { kind: 'notGzip'; bytes: Uint8Array }
  | { kind: 'zipSdist' };

const sdistMutation: fc.Arbitrary<SdistMutation> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.nat().map(at => ({ kind: 'truncate' as const, at })),
  fc.record({
    kind: fc.constant('flip' as const),
    offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc
    .uint8Array({ maxLength: 2048 })
    .map(bytes => ({ kind: 'metadataBytes' as const, bytes })),
  fc
    .constantFrom(...Object.keys(ENCODINGS))
    .map(encoding => ({ kind: 'encoding' as const, encoding })),
  fc
    .constantFrom(...HOSTILE_MEMBERS)
    .map(member => ({ kind: 'traversal' as const, member })),
  fc.record({
    kind: fc.constant('link' as const),
    type: fc.constantFrom('1' as const, '2' as const),
    target: fc.constantFrom('/etc/passwd', '../../etc/passwd', 'setup.py'),
  }),
  fc.constantFrom(
    { kind: 'outsideTop' as const },
    { kind: 'secondTop' as const },
    { kind: 'unterminated' as const },
    { kind: 'zipSdist' as const },
  ),
  fc
    .integer({ min: 1, max: 100_000 })
    .map(extra => ({ kind: 'declaredSize' as const, extra })),
  fc
    .integer({ min: -2, max: 2 })
    .map(delta => ({ kind: 'hugeMetadata' as const, delta })),
  fc
    .integer({ min: 90, max: 400 })
    .map(length => ({ kind: 'longNames' as const, length })),
  fc
    .uint8Array({ maxLength: 512 })
    .map(bytes => ({ kind: 'notGzip' as const, bytes })),
);

function mutatedSdist(
  project: string,
  mutation: SdistMutation,
): { dist: Distribution; expect: Expect } {
  const version = '1.0';
  const top = `${escapeName(project)}-${version}`;
  // 2.2: PKG-INFO that PEP 658 may serve (PEP 643); older sdists get no `.metadata` (see uploadAndCheck).
  const text = metadataText({
    name: project,
    version,
    summary: 'sdist é ✓',
    metadataVersion: '2.2',
  });
  const base = buildSdist({
    name: project,
    version,
    metadataBytes: Buffer.from(text),
  });
  const withBytes = (
    content: Buffer,
    metadata: Buffer = Buffer.from(text),
  ): Distribution => ({ ...base, content, metadata, sha256: sha256(content) });
  const tarred = (
    entries: TarEntry[],
    metadata: Buffer = Buffer.from(text),
    options = {},
  ) => withBytes(buildTarGz(entries, options), metadata);
  const regular = (metadata: Buffer): TarEntry[] => [
    { name: `${top}/`, type: '5' },
    { name: `${top}/PKG-INFO`, data: metadata },
    {
      name: `${top}/setup.py`,
      data: Buffer.from('from setuptools import setup\nsetup()\n'),
    },
  ];
  switch (mutation.kind) {
    case 'none':
      return { dist: base, expect: 'accept' };
    case 'truncate':
      return {
        dist: withBytes(
          base.content.subarray(0, mutation.at % base.content.length),
        ),
        expect: 'reject',
      };
    case 'flip': {
      const content = Buffer.from(base.content);
      for (const offset of mutation.offsets)
        content[offset % content.length] ^= mutation.xor;
      return { dist: withBytes(content), expect: 'either' };
    }
    case 'metadataBytes':
      return {
        dist: tarred(
          regular(Buffer.from(mutation.bytes)),
          Buffer.from(mutation.bytes),
        ),
        expect: 'reject',
      };
    case 'encoding': {
      const { encode, expect } = ENCODINGS[mutation.encoding];
      const metadata = encode(text);
      return { dist: tarred(regular(metadata), metadata), expect };
    }
    case 'traversal':
      // The hostile member comes first, before PKG-INFO, so the reader meets it.
      return {
        dist: tarred([
          {
            name: mutation.member.replace(/^pkg/, top),
            data: Buffer.from('evil'),
          },
          ...regular(Buffer.from(text)),
        ]),
        expect: 'reject',
      };
    case 'link':
      return {
        dist: tarred([
          { name: `${top}/`, type: '5' },
          {
            name: `${top}/PKG-INFO`,
            type: mutation.type,
            linkname: mutation.target,
          },
        ]),
        expect: 'reject',
      };
    case 'outsideTop':
      return {
        dist: tarred([
          { name: 'PKG-INFO', data: Buffer.from(text) },
          ...regular(Buffer.from(text)),
        ]),
        expect: 'reject',
      };
    case 'secondTop':
      return {
        dist: tarred([
          { name: 'elsewhere/x.py', data: Buffer.from('x') },
          ...regular(Buffer.from(text)),
        ]),
        expect: 'reject',
      };
    case 'declaredSize':
      return {
        dist: tarred([
          {
            name: `${top}/PKG-INFO`,
            data: Buffer.from(text),
            declaredSize: Buffer.byteLength(text) + mutation.extra,
          },
        ]),
        expect: 'reject',
      };
    case 'unterminated':
      return {
        dist: tarred(regular(Buffer.from(text)), Buffer.from(text), {
          unterminated: true,
        }),
        expect: 'either',
      };
    case 'hugeMetadata': {
      const metadata = Buffer.from(
        text +
          'x'.repeat(
            Math.max(
              0,
              METADATA_LIMIT + mutation.delta - Buffer.byteLength(text),
            ),
          ),
      );
      return {
        dist: tarred(regular(metadata), metadata),
        expect: metadata.length > METADATA_LIMIT ? 'reject' : 'accept',
      };
    }
    case 'longNames':
      return {
        dist: tarred([
          ...regular(Buffer.from(text)),
          {
            name: `${top}/${'d'.repeat(mutation.length)}/module.py`,
            data: Buffer.from('x'),
          },
        ]),
        expect: 'accept',
      };
    case 'notGzip':
      return { dist: withBytes(Buffer.from(mutation.bytes)), expect: 'reject' };
    case 'zipSdist': {
      const content = buildZip([
        { name: `${top}/PKG-INFO`, data: Buffer.from(text) },
        { name: `${top}/setup.py`, data: Buffer.from('x') },
      ]);
      return {
        dist: { ...withBytes(content), filename: `${top}.zip` },
        expect: 'either',
      };
    }
    default:
      throw new Error(`Unknown mutation ${JSON.stringify(mutation)}`);
  }
}

describe('sdists', () => {
  test('truncated, corrupted, mis-encoded, traversing and linking sdists are answered 200 or 400, as they deserve', async () => {
    await fc.assert(
      fc.asyncProperty(sdistMutation, async mutation => {
        const project = `${prefix}-s${++counter}`;
        const { dist, expect } = mutatedSdist(project, mutation);
        const response = await uploadAndCheck(
          dist,
          project,
          '1.0',
          ALLOWED[expect],
          `sdist with ${JSON.stringify(mutation).slice(0, 300)}`,
        );
        tally('sdists', mutation.kind, response.status);
      }),
      fcParameters(200),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('bombs', () => {
  const rssLimitKiB = 512 * 1024;

  async function bomb(
    label: string,
    dist: Distribution,
    project: string,
    allowed: number[],
    maxSeconds: number,
  ) {
    const started = Date.now();
    const response = await uploadAndCheck(dist, project, '1.0', allowed, label);
    const seconds = (Date.now() - started) / 1000;
    tally('bombs', label, response.status);
    expect(seconds).toBeLessThan(maxSeconds);
    if (target.local)
      expect(rssKiB(target.local.pid())).toBeLessThan(rssLimitKiB);
    return response;
  }

  test('a METADATA that inflates to 64 MiB is refused, whether its header is honest or lies', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    for (const lie of [false, true]) {
      const project = `${prefix}-zb${++counter}`;
      const info = `${escapeName(project)}-1.0.dist-info`;
      const content = buildZip([
        {
          name: `${info}/METADATA`,
          data: zeros,
          ...(lie ? { declaredUncompressedSize: 200 } : {}),
        },
        { name: `${info}/WHEEL`, data: Buffer.from('Wheel-Version: 1.0\n') },
      ]);
      expect(content.length).toBeLessThan(MAX_UPLOAD_BYTES);
      const dist: Distribution = {
        filename: `${escapeName(project)}-1.0-py3-none-any.whl`,
        content,
        metadata: zeros,
        sha256: sha256(content),
      };
      await bomb(
        lie ? 'zip bomb, lying header' : 'zip bomb, honest header',
        dist,
        project,
        [400],
        10,
      );
    }
  });

  test('a zip whose central directory repeats one entry 20,000 times is handled in bounded time', async () => {
    const project = `${prefix}-ov${++counter}`;
    const { dist } = mutatedWheel(project, { kind: 'overlap', copies: 20_000 });
    expect(dist.content.length).toBeLessThan(MAX_UPLOAD_BYTES);
    await bomb('overlapping entries', dist, project, [200, 400], 15);
  });

  test('a zip with more entries than the limit is refused', async () => {
    const project = `${prefix}-many${++counter}`;
    const info = `${escapeName(project)}-1.0.dist-info`;
    const text = metadataText({ name: project, version: '1.0' });
    // 100,001 central-directory records (over the 100,000 limit) that share one local entry, to stay small.
    const content = buildZip(
      [{ name: `${info}/METADATA`, data: Buffer.from(text) }],
      { overlappingCopies: 100_000 },
    );
    expect(content.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const dist: Distribution = {
      filename: `${escapeName(project)}-1.0-py3-none-any.whl`,
      content,
      metadata: Buffer.from(text),
      sha256: sha256(content),
    };
    const response = await bomb('too many entries', dist, project, [400], 15);
    expect(response.statusText).toMatch(/too many archive entries/);
  });

  test('an sdist whose PKG-INFO comes after 256 MiB of gzipped zeros is read in bounded memory', async () => {
    const project = `${prefix}-gz${++counter}`;
    const top = `${escapeName(project)}-1.0`;
    const text = Buffer.from(metadataText({ name: project, version: '1.0' }));
    const content = buildTarGzBomb(top, 256, text);
    const dist: Distribution = {
      filename: `${top}.tar.gz`,
      content,
      metadata: text,
      sha256: sha256(content),
    };
    // Under the 2 GiB scan limit the archive is legitimate, however odd: it is streamed, not held, and accepted.
    await bomb('gzip bomb under the scan limit', dist, project, [200], 20);
  });

  // Costs about 20 s of server CPU on a small machine (see the README): run with WHEELHOUSE_RELIABILITY_SLOW=1.
  (process.env.WHEELHOUSE_RELIABILITY_SLOW === '1' ? test : test.skip)(
    'an sdist whose PKG-INFO hides behind 2.1 GiB of gzipped zeros is refused in bounded time and memory',
    async () => {
      const project = `${prefix}-gz${++counter}`;
      const top = `${escapeName(project)}-1.0`;
      const text = Buffer.from(metadataText({ name: project, version: '1.0' }));
      const content = buildTarGzBomb(top, 2150, text);
      const dist: Distribution = {
        filename: `${top}.tar.gz`,
        content,
        metadata: text,
        sha256: sha256(content),
      };
      await bomb('gzip bomb over the scan limit', dist, project, [400], 60);
    },
  );

  test('a gzip stream of 50 MiB of zeros that is not a tar at all is refused', async () => {
    const project = `${prefix}-gz${++counter}`;
    const content = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    const dist: Distribution = {
      filename: `${escapeName(project)}-1.0.tar.gz`,
      content,
      metadata: Buffer.alloc(0),
      sha256: sha256(content),
    };
    await bomb('gzip of zeros', dist, project, [400], 10);
  });
});
