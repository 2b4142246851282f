/**
 * XSS: package names, metadata values and reasons carrying markup, against the HTML simple index and the JSON APIs.
 * The HTML pages must parse into exactly the tags and attributes they are made of, with every hostile value coming
 * back character for character once decoded; JSON must round-trip the values exactly and be served as JSON; text
 * that echoes input (errors, the 403 of a disabled file, PEP 658 metadata) must be text/plain; and nothing may be
 * sniffed into HTML (X-Content-Type-Options: nosniff).
 *
 * The portal UI is covered where it lives (see the note at the end of this file).
 */
import fc from 'fast-check';
import { buildWheel, metadataText } from '@wheelhouse/test-utils/archiveBytes';
import { expectStatusIn } from './support/checks';
import { RawResponse } from './support/http';
import { parseStrictHtml } from './support/html';
import { fcParameters, recordFigures } from './support/report';
import { ReliabilityTarget, startTarget } from './support/target';
import { mustUpload } from './support/uploads';

jest.setTimeout(120_000);

const FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '<svg/onload=alert(1)>',
  '</a><a href="javascript:alert(1)">',
  '</title><script>alert(1)</script>',
  '<!--',
  '-->',
  ']]>',
  '&amp;',
  '&lt;',
  '&#x3C;script&#x3E;',
  '`${alert(1)}`',
  '{{constructor.constructor("alert(1)")()}}',
  // eslint-disable-next-line no-script-url -- a payload the pages must not turn into a link
  'javascript:alert(1)',
  '\u2028\u2029',
  '<',
  '>',
  '"',
  "'",
  '&',
];

/** Markup mixed with ordinary text, trimmed and on one line (as headers and reasons are). */
const payload = fc
  .array(
    fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })),
    { minLength: 1, maxLength: 5 },
  )
  .map(parts =>
    parts
      .join('')
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim(),
  )
  .filter(text => /[<>"'&]/.test(text) && text.length <= 900);

let target: ReliabilityTarget;
let project = '';
let counter = 0;
const cases: Record<string, number> = {};
const count = (what: string) => (cases[what] = (cases[what] ?? 0) + 1);

beforeAll(async () => {
  target = await startTarget({ label: 'xss' });
  project = target.name('xss');
});
afterAll(async () => {
  recordFigures('xss', { cases });
  await target?.stop();
});

const admin = (method: string, pathname: string, body?: unknown) =>
  target.request(pathname, {
    method,
    token: target.tokens.admin,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const api = () =>
  `/api/v1/repositories/${target.repos.public}/packages/${project}`;

function expectNoSniff(response: RawResponse, what: string): void {
  expect([what, response.headers['x-content-type-options']]).toEqual([
    what,
    'nosniff',
  ]);
}

function expectJson(response: RawResponse, what: string): any {
  expect([what, String(response.headers['content-type'])]).toEqual([
    what,
    expect.stringMatching(/^application\/(vnd\.pypi\.simple\.v1\+)?json/),
  ]);
  expectNoSniff(response, what);
  return JSON.parse(response.text);
}

/** The project page in both HTML flavours: strictly parsed; returns the <a> tags. */
async function projectPageLinks(): Promise<Record<string, string>[]> {
  let links: Record<string, string>[] = [];
  for (const accept of ['text/html', 'application/vnd.pypi.simple.v1+html']) {
    const page = await target.request(
      `/${target.repos.public}/simple/${project}/`,
      { headers: { accept } },
    );
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/html/);
    expectNoSniff(page, `project page as ${accept}`);
    const { tags } = parseStrictHtml(page.text);
    links = tags
      .filter(tag => tag.name === 'a' && !tag.closing)
      .map(tag => tag.attributes);
  }
  const list = await target.request(`/${target.repos.public}/simple/`);
  parseStrictHtml(list.text);
  return links;
}

test('metadata values with markup are escaped in the HTML index and exact in every JSON API', async () => {
  await fc.assert(
    fc.asyncProperty(payload, async value => {
      const version = `1.${++counter}`;
      const wheel = buildWheel({
        name: project,
        version,
        metadataBytes: Buffer.from(
          metadataText({
            name: project,
            version,
            summary: value,
            requiresPython: value,
            headers: [
              `Author: ${value}`,
              `Keywords: ${value.replace(/,/g, ' ')}`,
              `Home-page: ${value}`,
              `Project-URL: Docs, ${value}`,
            ],
            description: value,
          }),
        ),
      });
      expectStatusIn(
        await mustUpload(target, wheel),
        [200],
        `upload with ${JSON.stringify(value)}`,
      );
      count('metadata');

      const link = (await projectPageLinks()).find(attributes =>
        attributes.href.includes(wheel.filename),
      );
      expect(link?.['data-requires-python']).toBe(value);

      const simple = expectJson(
        await target.request(`/${target.repos.public}/simple/${project}/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        }),
        'simple JSON',
      );
      expect(
        simple.files.find(
          (file: { filename: string }) => file.filename === wheel.filename,
        )['requires-python'],
      ).toBe(value);

      const pypi = expectJson(
        await target.request(
          `/${target.repos.public}/pypi/${project}/${version}/json`,
        ),
        'PyPI JSON',
      );
      expect(pypi.info).toMatchObject({
        summary: value,
        requires_python: value,
        author: value,
        home_page: value,
      });
      expect(pypi.info.description.trimEnd()).toBe(value);
      expect(pypi.info.project_urls).toMatchObject({ Docs: value });

      const managed = expectJson(
        await admin('GET', `${api()}/versions/${version}`),
        'management API',
      );
      expect(managed.coreMetadata).toMatchObject({
        summary: value,
        requiresPython: value,
        author: value,
      });

      const metadata = await target.request(
        `/${target.repos.public}/files/${wheel.sha256}/${wheel.filename}.metadata`,
      );
      expect(String(metadata.headers['content-type'])).toMatch(/^text\/plain/);
      expectNoSniff(metadata, 'PEP 658 metadata');
    }),
    fcParameters(40),
  );
});

test('yank, disable and delete reasons with markup are escaped in the index and exact in JSON', async () => {
  const version = '0.1';
  const wheel = buildWheel({ name: project, version });
  expect((await mustUpload(target, wheel)).status).toBe(200);
  await fc.assert(
    fc.asyncProperty(payload, async reason => {
      count('reasons');
      expect(
        (await admin('POST', `${api()}/versions/${version}/yank`, { reason }))
          .status,
      ).toBe(200);
      const link = (await projectPageLinks()).find(attributes =>
        attributes.href.includes(wheel.filename),
      );
      expect(link?.['data-yanked']).toBe(reason);
      const simple = expectJson(
        await target.request(`/${target.repos.public}/simple/${project}/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' },
        }),
        'simple JSON',
      );
      expect(
        simple.files.find(
          (file: { filename: string }) => file.filename === wheel.filename,
        ).yanked,
      ).toBe(reason);
      const pypi = expectJson(
        await target.request(
          `/${target.repos.public}/pypi/${project}/${version}/json`,
        ),
        'PyPI JSON',
      );
      expect(pypi.info.yanked_reason).toBe(reason);

      expect(
        (
          await admin('POST', `${api()}/versions/${version}/disable`, {
            reason,
          })
        ).status,
      ).toBe(200);
      const refused = await target.request(
        `/${target.repos.public}/files/${wheel.sha256}/${wheel.filename}`,
      );
      expect(refused.status).toBe(403);
      expect(String(refused.headers['content-type'])).toMatch(/^text\/plain/);
      expectNoSniff(refused, 'disabled file');
      expect(
        expectJson(
          await admin('GET', `${api()}/versions/${version}`),
          'version',
        ).disabled.reason,
      ).toBe(reason);
      expect(
        (await admin('POST', `${api()}/versions/${version}/enable`)).status,
      ).toBe(200);

      expect(
        (await admin('DELETE', `${api()}/versions/${version}`, { reason }))
          .status,
      ).toBe(200);
      const bin = expectJson(
        await admin(
          'GET',
          `/api/v1/repositories/${target.repos.public}/recycle-bin`,
        ),
        'recycle bin',
      );
      expect(
        bin.items.find(
          (item: { project: string; version: string }) =>
            item.project === project && item.version === version,
        ).reason,
      ).toBe(reason);
      const audit = expectJson(
        await admin(
          'GET',
          `/api/v1/repositories/${target.repos.public}/audit?package=${project}&limit=1`,
        ),
        'audit',
      );
      expect(audit[0].reason).toBe(reason);
      expect(
        (
          await admin(
            'POST',
            `/api/v1/repositories/${target.repos.public}/recycle-bin/${project}/${version}/restore`,
          )
        ).status,
      ).toBe(200);
    }),
    fcParameters(30),
  );
});

test('custom metadata values and token names with markup round-trip exactly as JSON', async () => {
  await fc.assert(
    fc.asyncProperty(payload, async value => {
      count('customMetadataAndTokens');
      const put = await admin('PUT', `${api()}/versions/0.1/metadata/note`, {
        value,
      });
      expect(put.status).toBe(200);
      const listed = expectJson(
        await admin('GET', `${api()}/versions/0.1/metadata`),
        'custom metadata',
      );
      expect(
        listed.find((entry: { key: string }) => entry.key === 'note').value,
      ).toBe(value);
      const token = await admin('POST', '/api/v1/tokens', {
        name: value.slice(0, 128).trim() || 'x',
        scopes: ['read'],
      });
      expect(token.status).toBe(201);
      expect(expectJson(token, 'token').name).toBe(
        value.slice(0, 128).trim() || 'x',
      );
      expect(
        (await admin('DELETE', `/api/v1/tokens/${token.json.id}`)).status,
      ).toBe(200);
    }),
    fcParameters(30),
  );
});

test('names with markup are refused, and errors that echo input are plain text or JSON, never HTML', async () => {
  await fc.assert(
    fc.asyncProperty(payload, async value => {
      count('namesAndErrors');
      // As the form's project name, and as the name inside METADATA under a valid form name.
      const named = buildWheel({
        name: 'xss-name',
        version: '1.0',
        metadataBytes: Buffer.from(
          metadataText({ name: value, version: '1.0' }),
        ),
      });
      for (const fields of [{ name: value }, { name: 'xss-name' }]) {
        const refused = expectStatusIn(
          await mustUpload(target, named, { fields }),
          [400],
          `name ${JSON.stringify(value)}`,
        );
        expect(String(refused.headers['content-type'])).toMatch(/^text\/plain/);
        expectNoSniff(refused, 'refused upload');
      }
      const encoded = encodeURIComponent(value);
      const notAcceptable = await target.request(
        `/${target.repos.public}/simple/?format=${encoded}`,
      );
      expect(notAcceptable.status).toBe(406);
      expect(String(notAcceptable.headers['content-type'])).toMatch(
        /^text\/plain/,
      );
      expectNoSniff(notAcceptable, '406');
      const missing = await admin(
        'GET',
        `/api/v1/repositories/${target.repos.public}/packages/${encoded}`,
      );
      expect(missing.status).toBe(404);
      expect(expectJson(missing, '404').error.message).toContain(value);
      for (const accept of ['text/html', '*/*']) {
        const page = await target.request(
          `/${target.repos.public}/simple/${encoded}/`,
          { headers: { accept } },
        );
        expect([301, 404]).toContain(page.status);
        expectNoSniff(page, `simple page of ${value}`);
        // Express writes redirects as a small HTML page: the echoed location must be escaped there. Other echoes
        // are text/plain (and not sniffed), where markup is inert.
        const type = String(page.headers['content-type'] ?? '');
        expect(type).toMatch(/^text\/(html|plain)/);
        // (text/plain is inert: only HTML is checked for live markup.)
        expect(type.startsWith('text/html') ? page.text : '').not.toMatch(
          /<(script|img|svg|a href="javascript)/i,
        );
      }
    }),
    fcParameters(30),
  );
});

// The portal UI's escaping of names, metadata values and reasons is tested where the UI lives: the component tests
// (packages/backstage-plugin: ProjectDetailsView.test.tsx, CustomMetadataEditor.test.tsx) and, in a real browser,
// test/ui/portal-ui.test.ts, which disables a version with the reason `<img src=x onerror=alert(1)>`.
