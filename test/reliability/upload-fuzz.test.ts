/**
 * Bad input never yields a 500 or a stored half-file: property tests (fast-check) over what an uploader controls —
 * filenames, versions, project names, the multipart body (missing, duplicated, reordered fields; truncated bodies;
 * clients that disconnect mid-upload) and the upload size (413 over the configured limit) — and over the request
 * paths, queries and JSON bodies of the read and management endpoints.
 *
 * After every property: the server logged no unexpected error, nothing is left staged, no file descriptor leaked,
 * the store is consistent, and exactly the uploads that were answered 200 are stored.
 */
import fc from 'fast-check';
import { canonicalizeVersion, parseVersion } from '@wheelhouse/registry-client';
import {
  buildWheel,
  buildWheelOfSize,
  Distribution,
  metadataText,
} from '@wheelhouse/test-utils/archiveBytes';
import {
  Baseline,
  baseline,
  expectHealthy,
  expectStatusIn,
} from './support/checks';
import { basicAuth, rawRequest } from './support/http';
import { buildMultipart, Part, twineFields } from './support/multipart';
import { fcParameters, recordFigures } from './support/report';
import { REMOTE, ReliabilityTarget, startTarget } from './support/target';
import { mustUpload, upload } from './support/uploads';

jest.setTimeout(180_000);

/**
 * Small, so that the size property is cheap; the default (1 GiB) is set by the same configuration key. Against a
 * deployment started elsewhere, WHEELHOUSE_RELIABILITY_MAX_UPLOAD_BYTES says what it is configured with.
 */
const MAX_UPLOAD_BYTES = REMOTE
  ? Number(process.env.WHEELHOUSE_RELIABILITY_MAX_UPLOAD_BYTES ?? 0)
  : 192 * 1024;
/** Names and versions as the core metadata specification defines them (independent of the server's code). */
const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

let target: ReliabilityTarget;
let before: Baseline;
let counter = 0;
const figures: Record<
  string,
  { cases: number; statuses: Record<string, number> }
> = {};
/** Filenames answered 200: exactly these may be stored. */
const accepted = new Set<string>();
let prefix = '';

function tally(property: string, status: number | string): void {
  const entry = (figures[property] ??= { cases: 0, statuses: {} });
  entry.cases += 1;
  entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
}

/** A fresh, valid wheel of a project no other case uses. */
function freshWheel(label: string, version = '1.0'): Distribution {
  return buildWheel({ name: `${prefix}-${label}-${++counter}`, version });
}

beforeAll(async () => {
  target = await startTarget({
    label: 'upload-fuzz',
    maxUploadBytes: MAX_UPLOAD_BYTES,
  });
  prefix = target.name('fz');
  before = baseline(target);
});

afterAll(async () => {
  recordFigures('upload-fuzz', {
    maxUploadBytes: MAX_UPLOAD_BYTES,
    properties: figures,
  });
  await target?.stop();
});

/** The store holds exactly the accepted files of this suite (nothing half-stored from refused ones). */
async function expectOnlyAcceptedStored(): Promise<void> {
  const snapshot = await expectHealthy(target, before);
  if (!snapshot) return;
  const ours = new Set(
    snapshot.files
      .filter(file => file.project.startsWith(prefix))
      .map(file => file.filename),
  );
  expect([...accepted].filter(filename => !ours.has(filename))).toEqual([]);
  expect([...ours].filter(filename => !accepted.has(filename))).toEqual([]);
}

afterEach(async () => {
  await expectOnlyAcceptedStored();
});

// ---------------------------------------------------------------------------------------------------------------

const hostileFilenames = fc.constantFrom(
  '',
  '.',
  '..',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\evil.whl',
  '.hidden-1.0-py3-none-any.whl',
  'x.whl\u0000.txt',
  `${'a'.repeat(300)}.whl`,
  '%2e%2e%2fetc%2fpasswd',
  'con.whl',
  'file with spaces-1.0-py3-none-any.whl',
  '<script>alert(1)</script>-1.0-py3-none-any.whl',
  'evil-1.0-py3-none-any.whl\r\nX-Injected: 1',
);

describe('filenames', () => {
  test('any content filename is answered 200 or 400, and only safe names are ever stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          hostileFilenames,
          fc.tuple(
            fc.constantFrom('', '../', '..\\', '/tmp/', './', 'a/b/', 'C:\\'),
            fc.constantFrom('', '\u0000', ';', '"', ' ', '\t'),
          ),
        ),
        async generated => {
          const wheel = freshWheel('fn');
          // Half the cases put the real name after the generated prefix (path traversal around a valid name).
          const filename = Array.isArray(generated)
            ? `${generated[0]}${wheel.filename}${generated[1]}`
            : generated;
          const response = expectStatusIn(
            await upload(target, wheel, { filename }),
            [200, 400],
            `upload as ${JSON.stringify(filename)}`,
          );
          tally('filenames', response.status);
          // Whatever filename it was sent as, an accepted wheel is stored under its own, safe name.
          const stored: string =
            response.status === 200 ? response.json.filename : wheel.filename;
          expect(stored).toMatch(/^[A-Za-z0-9_+!-][A-Za-z0-9._+!-]*$/);
          expect(stored).toBe(wheel.filename);
          if (response.status === 200) accepted.add(stored);
        },
      ),
      fcParameters(150),
    );
  });
});

describe('versions', () => {
  const printable = /^[\x21-\x7e]+$/;
  test('a version is accepted exactly when it is PEP 440 (any spelling), and never answered 500', async () => {
    const spelled = fc
      .record({
        release: fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 4 }),
        epoch: fc.constantFrom('', '1!', '0!'),
        pre: fc.constantFrom('', 'a1', 'b2', 'rc3', '.alpha', '-pre4', 'c'),
        post: fc.constantFrom('', '.post1', '-1', 'post2', '_r3'),
        dev: fc.constantFrom('', '.dev0', 'dev5'),
        local: fc.constantFrom('', '+abc', '+ubuntu-1', '+1.2_x'),
        prefix: fc.constantFrom('', 'v', 'V'),
      })
      .map(
        v =>
          `${v.prefix}${v.epoch}${v.release.join('.')}${v.pre}${v.post}${v.dev}${v.local}`,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          spelled,
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 20 }),
        ),
        async version => {
          const name = `${prefix}-ver-${++counter}`;
          // Tools name files with the normalised version; the form and METADATA carry the spelling under test (a
          // line break cannot be written into METADATA at all).
          const wheel = buildWheel({
            name,
            version: canonicalizeVersion(version) ?? version,
            metadataBytes: Buffer.from(
              metadataText({ name, version: version.replace(/[\r\n]/g, ' ') }),
            ),
          });
          const response = expectStatusIn(
            await upload(target, wheel, { fields: { name, version } }),
            [200, 400],
            `upload of version ${JSON.stringify(version)}`,
          );
          tally('versions', response.status);
          const valid = parseVersion(version.trim()) !== undefined;
          // Only a valid version is accepted.
          expect({ status: response.status, valid }).not.toEqual({
            status: 200,
            valid: false,
          });
          if (response.status === 200) accepted.add(wheel.filename);
          else if (valid && printable.test(version)) {
            throw new Error(
              `the valid version ${version} was refused: ${response.statusText}`,
            );
          }
        },
      ),
      fcParameters(150),
    );
  });
});

describe('project names', () => {
  test('a name is accepted exactly when it is a valid project name, and never answered 500', async () => {
    const nameish = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}[A-Za-z0-9]$/),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom(
        '-',
        '_x',
        'x_',
        'a..b',
        'A-B_C.D',
        'a/b',
        'a\\b',
        '..',
        'k\u212Aelvin',
        'x'.repeat(180),
        'x'.repeat(260),
      ),
    );
    await fc.assert(
      fc.asyncProperty(nameish, async suffix => {
        const name = `${prefix}n${++counter}${suffix}`;
        const wheel = buildWheel({
          name: name.replace(/[\r\n]/g, ' '),
          version: '1.0',
        });
        const response = expectStatusIn(
          await upload(target, wheel, { fields: { name } }),
          [200, 400],
          `upload of ${JSON.stringify(name)}`,
        );
        tally('projectNames', response.status);
        const valid = VALID_NAME.test(name) && name.length <= 200;
        // Only a valid name is accepted.
        expect({ status: response.status, valid }).not.toEqual({
          status: 200,
          valid: false,
        });
        if (response.status === 200) accepted.add(wheel.filename);
        else if (valid) {
          throw new Error(
            `the valid name ${name} was refused: ${response.statusText}`,
          );
        }
      }),
      fcParameters(150),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

type Mutation =
  | { kind: 'drop'; field: string }
  | { kind: 'duplicate'; field: string; same: boolean }
  | { kind: 'contentFirst' }
  | { kind: 'secondContent' }
  | { kind: 'noFilename' }
  | { kind: 'unknownField'; name: string; value: string }
  | { kind: 'controlCharacter'; field: string }
  | { kind: 'signature' }
  | { kind: 'truncate'; at: number }
  | { kind: 'junkBoundary' }
  | { kind: 'contentType'; value: string }
  | { kind: 'chunked'; size: number };

const FIELDS = [
  ':action',
  'protocol_version',
  'metadata_version',
  'name',
  'version',
  'filetype',
  'pyversion',
  'sha256_digest',
  'md5_digest',
  'content',
];

/** Fields the server reads with "at most one distinct value" and "no control characters" rules. */
const SINGLE = [
  ':action',
  'protocol_version',
  'name',
  'version',
  'filetype',
  'pyversion',
  'sha256_digest',
  'md5_digest',
  'blake2_256_digest',
];

/**
 * The oracle: whether the final list of parts is a valid upload of `wheel` (independent of how it was mutated);
 * undefined when either answer is right (a field name with a line break makes the part headers ambiguous).
 */
function formIsValid(parts: Part[], wheel: Distribution): boolean | undefined {
  if (parts.some(part => /[\r\n]/.test(part.name))) return undefined;
  const files = parts.filter(
    part => part.name === 'content' && 'content' in part,
  );
  if (
    files.length !== 1 ||
    (files[0] as { content: Buffer }).content !== wheel.content
  )
    return false;
  const values = (field: string) =>
    parts
      .filter(part => part.name === field && !('content' in part))
      .map(part => (part as { value: string }).value);
  for (const field of [':action', 'name', 'version'])
    if (!values(field).length) return false;
  for (const field of SINGLE) {
    const seen = values(field);
    if (new Set(seen).size > 1) return false;
    if (
      seen.some(value =>
        // eslint-disable-next-line no-control-regex -- control characters are what this looks for
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      )
    )
      return false;
  }
  return true;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...FIELDS).map(field => ({ kind: 'drop' as const, field })),
  fc.record({
    kind: fc.constant('duplicate' as const),
    field: fc.constantFrom(...FIELDS),
    same: fc.boolean(),
  }),
  fc.constant({ kind: 'contentFirst' as const }),
  fc.constant({ kind: 'secondContent' as const }),
  fc.constant({ kind: 'noFilename' as const }),
  fc.record({
    kind: fc.constant('unknownField' as const),
    name: fc.string({ maxLength: 250 }),
    value: fc.string({ maxLength: 100 }),
  }),
  fc
    .constantFrom(':action', 'name', 'version', 'filetype')
    .map(field => ({ kind: 'controlCharacter' as const, field })),
  fc.constant({ kind: 'signature' as const }),
  fc.nat({ max: 10_000 }).map(at => ({ kind: 'truncate' as const, at })),
  fc.constant({ kind: 'junkBoundary' as const }),
  fc
    .constantFrom(
      'text/plain',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'application/json',
      'multipart/mixed; boundary=x',
    )
    .map(value => ({ kind: 'contentType' as const, value })),
  fc
    .integer({ min: 1, max: 5000 })
    .map(size => ({ kind: 'chunked' as const, size })),
);

describe('multipart bodies', () => {
  test('missing, duplicated, reordered and truncated parts are answered 200 or 4xx, never half-stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async mutations => {
          const wheel = freshWheel('mp');
          const name = wheel.filename.split('-')[0];
          let parts: Part[] = twineFields(wheel, { name, version: '1.0' }).map(
            ([field, value]) => ({ name: field, value }),
          );
          parts.push({
            name: 'content',
            filename: wheel.filename,
            content: wheel.content,
          });
          let contentType: string | undefined;
          let truncateAt: number | undefined;
          let chunkSize: number | undefined;
          let brokenForm = false;
          for (const m of mutations) {
            switch (m.kind) {
              case 'drop':
                parts = parts.filter(part => part.name !== m.field);
                break;
              case 'duplicate': {
                const original = parts.find(part => part.name === m.field);
                if (!original) break;
                if ('content' in original)
                  parts.push({
                    ...original,
                    content: m.same
                      ? original.content
                      : Buffer.from('other bytes'),
                  });
                else
                  parts.push({
                    name: original.name,
                    value: m.same ? original.value : `${original.value}x`,
                  });
                break;
              }
              case 'contentFirst':
                parts.sort(
                  (a, b) => Number('content' in b) - Number('content' in a),
                );
                break;
              case 'secondContent':
                parts.push({
                  name: 'content',
                  filename: wheel.filename,
                  content: wheel.content,
                });
                break;
              case 'noFilename':
                parts = parts.map(part =>
                  'content' in part
                    ? {
                        name: part.name,
                        value: part.content.toString('latin1'),
                      }
                    : part,
                );
                break;
              case 'unknownField':
                parts.push({ name: m.name, value: m.value });
                break;
              case 'controlCharacter':
                parts = parts.map(part =>
                  part.name === m.field && !('content' in part)
                    ? { name: part.name, value: `${part.value}\u0001` }
                    : part,
                );
                break;
              case 'signature':
                parts.push({
                  name: 'gpg_signature',
                  filename: `${wheel.filename}.asc`,
                  content: Buffer.from('-----BEGIN PGP SIGNATURE-----'),
                });
                break;
              case 'truncate':
                truncateAt = m.at;
                break;
              case 'junkBoundary':
                contentType = 'multipart/form-data; boundary=not-the-real-one';
                brokenForm = true;
                break;
              case 'contentType':
                contentType = m.value;
                brokenForm = true;
                break;
              case 'chunked':
                chunkSize = m.size;
                break;
              default:
                throw new Error(`Unknown mutation ${JSON.stringify(m)}`);
            }
          }
          const multipart = buildMultipart(parts);
          const cut =
            truncateAt === undefined
              ? undefined
              : Math.min(truncateAt, multipart.body.length - 1);
          // Cut before the closing delimiter, the form is incomplete; cutting only its trailing CRLF may pass.
          if (cut !== undefined && cut < multipart.body.length - 4)
            brokenForm = true;
          const body =
            cut === undefined
              ? multipart.body
              : multipart.body.subarray(0, cut);
          const response = await rawRequest(
            `${target.baseUrl}/${target.repos.public}/`,
            {
              method: 'POST',
              headers: {
                authorization: basicAuth(target.tokens.publish),
                'content-type': contentType ?? multipart.contentType,
              },
              body,
              chunkSize,
            },
          );
          const valid = brokenForm ? false : formIsValid(parts, wheel);
          const what = `upload with ${JSON.stringify(mutations)}`;
          let allowed = [200, 400];
          if (valid !== undefined) allowed = valid ? [200] : [400, 413];
          expectStatusIn(response, allowed, what);
          tally('multipart', response!.status);
          if (response!.status === 200) accepted.add(wheel.filename);
        },
      ),
      fcParameters(200),
    );
  });

  test('a client that disconnects mid-upload leaves no staging file, no descriptor and no row behind', async () => {
    const start = baseline(target);
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.nat({ max: 80 }),
        async (fraction, delayMs) => {
          const wheel = buildWheelOfSize(
            { name: `${prefix}-dc-${++counter}`, version: '1.0' },
            120_000,
          );
          const name = wheel.filename.split('-')[0];
          const parts: Part[] = twineFields(wheel, {
            name,
            version: '1.0',
          }).map(([field, value]) => ({ name: field, value }));
          parts.push({
            name: 'content',
            filename: wheel.filename,
            content: wheel.content,
          });
          const multipart = buildMultipart(parts);
          const response = await rawRequest(
            `${target.baseUrl}/${target.repos.public}/`,
            {
              method: 'POST',
              headers: {
                authorization: basicAuth(target.tokens.publish),
                'content-type': multipart.contentType,
              },
              body: multipart.body,
              disconnectAfter: Math.floor(fraction * multipart.body.length),
              disconnectDelayMs: delayMs,
            },
          );
          tally('disconnects', response?.status ?? 'dropped');
          // Dropped (no response) or answered, never a 5xx.
          expect(response?.status ?? 0).toBeLessThan(500);
        },
      ),
      fcParameters(40),
    );
    // Every staging file and descriptor of the dropped uploads must be gone again.
    await expectHealthy(target, start);
  });
});

// ---------------------------------------------------------------------------------------------------------------

(MAX_UPLOAD_BYTES > 0 && MAX_UPLOAD_BYTES <= 16 * 1024 * 1024
  ? describe
  : describe.skip)('upload size', () => {
  test(`files over the configured limit (${MAX_UPLOAD_BYTES} bytes) get 413, the rest are stored whole`, async () => {
    const sizes = fc.oneof(
      fc.integer({ min: -3, max: 3 }).map(delta => MAX_UPLOAD_BYTES + delta),
      fc.integer({ min: 2000, max: MAX_UPLOAD_BYTES * 3 }),
    );
    await fc.assert(
      fc.asyncProperty(sizes, fc.boolean(), async (size, chunked) => {
        const wheel = buildWheelOfSize(
          { name: `${prefix}-size-${++counter}`, version: '1.0' },
          size,
        );
        const response = expectStatusIn(
          await upload(target, wheel, {
            request: chunked ? { chunkSize: 16 * 1024 } : {},
          }),
          size > MAX_UPLOAD_BYTES ? [413] : [200],
          `upload of ${size} bytes${chunked ? ' (chunked)' : ''}`,
        );
        tally('uploadSize', response.status);
        // An accepted upload records its true size.
        expect(response.status === 200 ? response.json.size : size).toBe(size);
        if (response.status === 200) accepted.add(wheel.filename);
      }),
      fcParameters(40),
    );
  });

  test('a body announced far over the limit is refused with 413 before it is read', async () => {
    const wheel = freshWheel('huge');
    const body = Buffer.concat([
      Buffer.from(
        '--x\r\nContent-Disposition: form-data; name="content"; filename="a.whl"\r\n\r\n',
      ),
      wheel.content,
    ]);
    const response = await rawRequest(
      `${target.baseUrl}/${target.repos.public}/`,
      {
        method: 'POST',
        headers: {
          authorization: basicAuth(target.tokens.publish),
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(5 * 1024 ** 3),
        },
        body,
        disconnectAfter: body.length,
        disconnectDelayMs: 300,
      },
    );
    tally('uploadSize', response?.status ?? 'dropped');
    expect(response?.status).toBe(413);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('paths, queries and bodies of the other endpoints', () => {
  let project = '';
  let file: Distribution;
  beforeAll(async () => {
    file = freshWheel('fixture');
    project = file.filename.split('-')[0].replace(/_/g, '-');
    const response = await mustUpload(target, file);
    if (response.status !== 200)
      throw new Error(`setup upload answered ${response.status}`);
    accepted.add(file.filename);
  });

  const segment = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%00',
      '%ff',
      '%',
      'latest',
      '1.0',
      '%2F',
      'a%2Fb',
      '~',
      '😀',
      'x'.repeat(3000),
    ),
  );
  const enc = (value: string) => {
    try {
      return encodeURIComponent(value);
    } catch {
      return 'x';
    }
  };
  const jsonBody = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      '{',
      '[]',
      'null',
      '"text"',
      '{"reason": 5}',
      '{"set": {"": "x"}}',
      '{"set": {"__proto__": "x"}}',
      '{"remove": [1]}',
    ),
    fc
      .record({ reason: fc.string({ maxLength: 1200 }) })
      .map(value => JSON.stringify(value)),
    fc
      .record({
        set: fc.dictionary(
          fc.string({ maxLength: 140 }),
          fc.string({ maxLength: 300 }),
          { maxKeys: 5 },
        ),
      })
      .map(value => JSON.stringify(value)),
    fc
      .record({
        olderThanDays: fc.oneof(fc.double(), fc.string(), fc.integer()),
      })
      .map(value => JSON.stringify(value)),
    fc
      .record({ version: fc.oneof(fc.string(), fc.integer()) })
      .map(value => JSON.stringify(value)),
  );
  const templates: ((a: string, b: string, q: string) => [string, string])[] = [
    a => ['GET', `/${target.repos.public}/simple/${a}/`],
    (_a, _b, q) => ['GET', `/${target.repos.public}/simple/?format=${q}`],
    (a, b) => ['GET', `/${target.repos.public}/files/${a}/${b}`],
    (_a, b) => ['GET', `/${target.repos.public}/files/${file.sha256}/${b}`],
    a => ['GET', `/${target.repos.public}/pypi/${a}/json`],
    (a, b) => ['GET', `/${target.repos.public}/pypi/${project}/${a}${b}/json`],
    (a, b, q) => [
      'GET',
      `/api/v1/repositories/${target.repos.public}/packages?search=${a}&sort=${b}&order=${q}&offset=${b}&limit=${q}`,
    ],
    a => ['GET', `/api/v1/repositories/${target.repos.public}/packages/${a}`],
    a => [
      'GET',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/versions/${a}`,
    ],
    (a, b) => [
      'GET',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/downloads?days=${a}&version=${b}`,
    ],
    (a, b) => [
      'GET',
      `/api/v1/repositories/${target.repos.public}/audit?package=${a}&limit=${b}&before=${b}`,
    ],
    a => [
      'GET',
      `/api/v1/repositories/${target.repos.public}/guide?username=${a}`,
    ],
    a => [
      'POST',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/versions/${a}/disable`,
    ],
    a => [
      'POST',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/versions/${a}/yank`,
    ],
    a => [
      'PATCH',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/versions/${a}/metadata`,
    ],
    a => [
      'PUT',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/versions/1.0/metadata/${a}`,
    ],
    a => [
      'PUT',
      `/api/v1/repositories/${target.repos.public}/packages/${project}/tags/${a}`,
    ],
    a => [
      'POST',
      `/api/v1/repositories/${target.repos.public}/recycle-bin/${a}/1.0/restore`,
    ],
    () => [
      'POST',
      `/api/v1/repositories/${target.repos.public}/recycle-bin/purge`,
    ],
    a => ['POST', `/api/v1/tokens?x=${a}`],
  ];

  test('a recycle-bin purge without a sensible number of days purges nothing', async () => {
    const binned = freshWheel('bin');
    const binnedProject = binned.filename.split('-')[0].replace(/_/g, '-');
    expect((await mustUpload(target, binned)).status).toBe(200);
    accepted.add(binned.filename);
    const api = `/api/v1/repositories/${target.repos.public}`;
    const asAdmin = {
      token: target.tokens.admin,
      headers: { 'content-type': 'application/json' },
    };
    expect(
      (
        await target.request(`${api}/packages/${binnedProject}/versions/1.0`, {
          ...asAdmin,
          method: 'DELETE',
        })
      ).status,
    ).toBe(200);
    const inBin = async () =>
      (
        (
          await target.request(`${api}/recycle-bin`, {
            token: target.tokens.admin,
          })
        ).json.items as { project: string }[]
      ).some(item => item.project === binnedProject);
    expect(await inBin()).toBe(true);
    for (const olderThanDays of [
      null,
      '',
      ' ',
      [],
      false,
      true,
      {},
      -1,
      '1e400',
    ]) {
      const response = await target.request(`${api}/recycle-bin/purge`, {
        ...asAdmin,
        method: 'POST',
        body: JSON.stringify({ olderThanDays }),
      });
      tally('purgeDays', response.status);
      expect([olderThanDays, response.status]).toEqual([olderThanDays, 400]);
    }
    for (const olderThanDays of [1e9, 1e300, Number.MAX_SAFE_INTEGER]) {
      const response = await target.request(`${api}/recycle-bin/purge`, {
        ...asAdmin,
        method: 'POST',
        body: JSON.stringify({ olderThanDays }),
      });
      tally('purgeDays', response.status);
      expect([olderThanDays, response.status, response.json?.purged]).toEqual([
        olderThanDays,
        200,
        [],
      ]);
    }
    expect(await inBin()).toBe(true);
    // Empty the bin again: the fuzzing below may send a valid purge, which would remove this file behind the
    // back of the "only accepted files are stored" check.
    const purged = await target.request(`${api}/recycle-bin/purge`, {
      ...asAdmin,
      method: 'POST',
      body: JSON.stringify({ olderThanDays: 0 }),
    });
    expect(purged.status).toBe(200);
    expect(await inBin()).toBe(false);
    accepted.delete(binned.filename);
  });

  test('answer with a status below 500, whatever the path, query, Accept, Range or JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: templates.length - 1 }),
        segment,
        segment,
        segment,
        jsonBody,
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        fc.option(
          fc.constantFrom(
            'bytes=0-0',
            'bytes=-1',
            'bytes=5-2',
            'bytes=0-1,3-4',
            'bytes=x',
            'pages=1',
            'bytes=999999999999-',
          ),
          { nil: undefined },
        ),
        async (index, a, b, q, body, accept, range) => {
          const [method, pathname] = templates[index](enc(a), enc(b), enc(q));
          const headers: Record<string, string> = {
            authorization: basicAuth(target.tokens.admin),
          };
          if (accept !== undefined)
            headers.accept = accept.replace(/[^\x20-\x7e]/g, '');
          if (range) headers.range = range;
          if (method !== 'GET') headers['content-type'] = 'application/json';
          const response = await rawRequest(`${target.baseUrl}${pathname}`, {
            method,
            headers,
            body: method === 'GET' ? undefined : body,
          });
          tally('otherEndpoints', response?.status ?? 'none');
          expectStatusIn(
            response,
            [200, 201, 206, 301, 304, 400, 403, 404, 406, 409, 413, 416],
            `${method} ${pathname} ${body}`,
          );
        },
      ),
      fcParameters(300),
    );
  });
});
