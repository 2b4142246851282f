import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeSdist, makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

describe.each(TEST_DATABASES)('simple API, files and JSON API on %s', kind => {
  let test: TestServer;
  let work: string;
  let wheel: string;
  let wheelSha: string;

  beforeAll(async () => {
    test = await startTestServer(kind);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-simple-'));
    wheel = makeWheel(work, {
      name: 'Demo.Pkg',
      version: '1.0.0',
      requiresPython: '<4,>=3.8',
      summary: '<script>x</script>',
    });
    wheelSha = crypto
      .createHash('sha256')
      .update(fs.readFileSync(wheel))
      .digest('hex');
    for (const file of [
      wheel,
      makeSdist(work, {
        name: 'Demo.Pkg',
        version: '1.0.0',
        requiresPython: '<4,>=3.8',
      }),
      makeWheel(work, { name: 'Demo.Pkg', version: '1.1.0' }),
    ]) {
      const response = await uploadFile(test, file, {
        fields: { name: 'Demo.Pkg' },
      });
      if (response.status !== 200)
        throw new Error(`setup upload answered ${response.status}`);
    }
    const secret = await uploadFile(
      test,
      makeWheel(path.join(work, 'p'), { name: 'secret-pkg', version: '1.0' }),
      { repository: 'private' },
    );
    if (secret.status !== 200)
      throw new Error(`setup upload answered ${secret.status}`);
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${test.url}${url}`, { headers, redirect: 'manual' });

  describe('negotiation and caching', () => {
    it('serves PEP 503 HTML by default, with the repository-version meta tag', async () => {
      const response = await get('/default/simple/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        'text/html; charset=utf-8',
      );
      const body = await response.text();
      expect(body).toContain(
        '<meta name="pypi:repository-version" content="1.1">',
      );
      expect(body).toContain('<a href="demo-pkg/">Demo.Pkg</a>');
      expect(body).not.toContain('secret-pkg');
    });

    it('serves PEP 691 JSON when asked, honouring q-values, and v1+html', async () => {
      const json = await get('/default/simple/', {
        accept: `${JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`,
      });
      expect(json.headers.get('content-type')).toBe(JSON_TYPE);
      expect(await json.json()).toEqual({
        meta: { 'api-version': '1.1' },
        projects: [{ name: 'Demo.Pkg' }],
      });
      const html = await get('/default/simple/', {
        accept: `${JSON_TYPE};q=0.1, application/vnd.pypi.simple.v1+html`,
      });
      expect(html.headers.get('content-type')).toBe(
        'application/vnd.pypi.simple.v1+html; charset=utf-8',
      );
      const latest = await get('/default/simple/', {
        accept: 'application/vnd.pypi.simple.latest+json',
      });
      expect(latest.headers.get('content-type')).toBe(JSON_TYPE);
    });

    it('answers 406 when nothing acceptable is offered, and lets ?format= override Accept', async () => {
      const refused = await get('/default/simple/', {
        accept: 'application/xml',
      });
      expect(refused.status).toBe(406);
      const overridden = await get(
        `/default/simple/?format=${encodeURIComponent(JSON_TYPE)}`,
        { accept: 'text/html' },
      );
      expect(overridden.headers.get('content-type')).toBe(JSON_TYPE);
      expect((await get('/default/simple/?format=text/csv')).status).toBe(406);
    });

    it('sends Vary, ETag and revalidation headers, and 304 for a matching If-None-Match', async () => {
      const first = await get('/default/simple/demo-pkg/');
      expect(first.headers.get('vary')).toMatch(/Accept/);
      expect(first.headers.get('cache-control')).toBe(
        'public, max-age=0, must-revalidate',
      );
      expect(first.headers.get('vary')).toMatch(/Accept-Encoding/);
      const etag = first.headers.get('etag')!;
      // fetch asks for gzip and brotli: the compressed representation's tag is the page's with its coding.
      expect(etag).toMatch(/^"[0-9a-f]{32}(-gzip|-br)?"$/);
      const again = await get('/default/simple/demo-pkg/', {
        'if-none-match': etag,
      });
      expect(again.status).toBe(304);
      // The JSON representation is another entity with another tag.
      const json = await get('/default/simple/demo-pkg/', {
        accept: JSON_TYPE,
        'if-none-match': etag,
      });
      expect(json.status).toBe(200);
      expect(json.headers.get('etag')).not.toBe(etag);
    });

    it('changes the ETag when the project changes', async () => {
      const before = (await get('/default/simple/demo-pkg/')).headers.get(
        'etag',
      );
      const extra = makeWheel(path.join(work, 'etag'), {
        name: 'Demo.Pkg',
        version: '0.9.0',
      });
      expect(
        (await uploadFile(test, extra, { fields: { name: 'Demo.Pkg' } }))
          .status,
      ).toBe(200);
      const after = await get('/default/simple/demo-pkg/', {
        'if-none-match': before!,
      });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(before);
    });
  });

  describe('project pages', () => {
    it('redirects non-normalised names and missing slashes, keeping the query', async () => {
      const redirect = await get('/default/simple/Demo.Pkg/?format=text/html');
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe(
        '/default/simple/demo-pkg/?format=text/html',
      );
      const slash = await get('/default/simple/demo-pkg');
      expect(slash.status).toBe(301);
      expect(slash.headers.get('location')).toBe('/default/simple/demo-pkg/');
      const root = await get('/default/simple');
      expect(root.headers.get('location')).toBe('/default/simple/');
    });

    it('links every file with its sha256, escaped requires-python and PEP 658/714 metadata attributes', async () => {
      const body = await (await get('/default/simple/demo-pkg/')).text();
      expect(body).toContain('<h1>Links for Demo.Pkg</h1>');
      expect(body).toContain(
        `href="../../files/${wheelSha}/Demo_Pkg-1.0.0-py3-none-any.whl#sha256=${wheelSha}" data-requires-python="&lt;4,&gt;=3.8"`,
      );
      expect(body).toMatch(
        /data-core-metadata="sha256=[0-9a-f]{64}" data-dist-info-metadata="sha256=[0-9a-f]{64}"/,
      );
      expect(body).not.toContain('<script>');
    });

    it('describes files in JSON with hashes, size, upload-time, metadata and the versions list', async () => {
      const page: any = await (
        await get('/default/simple/demo-pkg/', { accept: JSON_TYPE })
      ).json();
      expect(page.meta).toEqual({ 'api-version': '1.1' });
      expect(page.name).toBe('demo-pkg');
      expect(page.versions).toEqual(['0.9.0', '1.0.0', '1.1.0']);
      const file = page.files.find(
        (entry: { filename: string }) =>
          entry.filename === path.basename(wheel),
      );
      expect(file).toMatchObject({
        url: `../../files/${wheelSha}/Demo_Pkg-1.0.0-py3-none-any.whl`,
        hashes: { sha256: wheelSha },
        'requires-python': '<4,>=3.8',
        yanked: false,
        size: fs.statSync(wheel).size,
      });
      expect(file['core-metadata']).toEqual({
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      // PEP 714: not the legacy key in JSON, which pip 22.3 to 23.1 cannot parse.
      expect(file).not.toHaveProperty('dist-info-metadata');
      expect(Date.parse(file['upload-time'])).not.toBeNaN();
    });

    it('offers PEP 658 metadata for an sdist only from Metadata-Version 2.2 on, with static Requires-Dist (PEP 643)', async () => {
      const sdists = [
        { version: '2.0', metadataVersion: '2.1', headers: [], served: false },
        { version: '2.1', metadataVersion: '2.2', headers: [], served: true },
        {
          version: '2.2',
          metadataVersion: '2.2',
          headers: ['Dynamic: Requires-Dist'],
          served: false,
        },
        {
          version: '2.3',
          metadataVersion: '2.4',
          headers: ['Requires-Dist: b', 'Dynamic: Summary'],
          served: true,
        },
      ];
      for (const spec of sdists) {
        const response = await uploadFile(
          test,
          makeSdist(work, { name: 'pep643-lib', ...spec }),
        );
        expect(response.status).toBe(200);
      }
      const page: any = await (
        await get('/default/simple/pep643-lib/', { accept: JSON_TYPE })
      ).json();
      const html = await (await get('/default/simple/pep643-lib/')).text();
      for (const spec of sdists) {
        const filename = `pep643_lib-${spec.version}.tar.gz`;
        const file = page.files.find(
          (entry: { filename: string }) => entry.filename === filename,
        );
        const link = html.split('\n').find(line => line.includes(filename));
        const metadata = await get(
          `/default/files/${file.hashes.sha256}/${filename}.metadata`,
        );
        const sha256Pattern = expect.stringMatching(/^[0-9a-f]{64}$/);
        expect({
          filename,
          coreMetadata: file['core-metadata'],
          link: {
            dataCoreMetadata: link?.includes('data-core-metadata='),
            anyMetadata: link?.includes('metadata='),
          },
          metadataStatus: metadata.status,
        }).toEqual(
          spec.served
            ? {
                filename,
                coreMetadata: { sha256: sha256Pattern },
                link: { dataCoreMetadata: true, anyMetadata: true },
                metadataStatus: 200,
              }
            : {
                filename,
                coreMetadata: false,
                link: { dataCoreMetadata: false, anyMetadata: false },
                metadataStatus: 404,
              },
        );
      }
    });

    it('answers 404 for unknown projects and, to authenticated callers, unknown repositories', async () => {
      expect((await get('/default/simple/nothing-here/')).status).toBe(404);
      expect(
        (
          await get('/nope/simple/', {
            authorization: test.auth(test.tokens.reader),
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('files', () => {
    const fileUrl = () =>
      `/default/files/${wheelSha}/Demo_Pkg-1.0.0-py3-none-any.whl`;

    it('serves a file with length, strong ETag, range support and long caching', async () => {
      const response = await get(fileUrl());
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(fs.readFileSync(wheel))).toBe(true);
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
      expect(response.headers.get('etag')).toBe(`"${wheelSha}"`);
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('cache-control')).toBe(
        'public, max-age=31536000, immutable',
      );
      expect(
        (await get(fileUrl(), { 'if-none-match': `"${wheelSha}"` })).status,
      ).toBe(304);
    });

    it('answers ranges with 206 and unsatisfiable ranges with 416', async () => {
      const size = fs.statSync(wheel).size;
      const partial = await get(fileUrl(), { range: 'bytes=10-19' });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
      expect(
        Buffer.from(await partial.arrayBuffer()).equals(
          fs.readFileSync(wheel).subarray(10, 20),
        ),
      ).toBe(true);
      const suffix = await get(fileUrl(), { range: 'bytes=-5' });
      expect(suffix.headers.get('content-range')).toBe(
        `bytes ${size - 5}-${size - 1}/${size}`,
      );
      const outside = await get(fileUrl(), { range: `bytes=${size + 10}-` });
      expect(outside.status).toBe(416);
      expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
      // A stale If-Range gets the whole file.
      const stale = await get(fileUrl(), {
        range: 'bytes=0-1',
        'if-range': '"other"',
      });
      expect(stale.status).toBe(200);
    });

    it('serves the exact METADATA bytes at <file>.metadata, matching the advertised hash', async () => {
      const page: any = await (
        await get('/default/simple/demo-pkg/', { accept: JSON_TYPE })
      ).json();
      const file = page.files.find(
        (entry: { filename: string }) =>
          entry.filename === path.basename(wheel),
      );
      const metadata = await get(`${fileUrl()}.metadata`);
      expect(metadata.status).toBe(200);
      const bytes = Buffer.from(await metadata.arrayBuffer());
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(
        file['core-metadata'].sha256,
      );
      expect(bytes.toString()).toMatch(
        /^Metadata-Version: 2.1\nName: Demo.Pkg\nVersion: 1.0.0\n/,
      );
    });

    it('answers 404 for a wrong hash or name and 400 for a malformed address', async () => {
      expect(
        (
          await get(
            `/default/files/${'0'.repeat(64)}/Demo_Pkg-1.0.0-py3-none-any.whl`,
          )
        ).status,
      ).toBe(404);
      expect((await get(`/default/files/${wheelSha}/other.whl`)).status).toBe(
        404,
      );
      expect(
        (await get(`/default/files/xyz/Demo_Pkg-1.0.0-py3-none-any.whl`))
          .status,
      ).toBe(400);
      // The same bytes are not reachable through another repository.
      expect(
        (
          await get(
            `/private/files/${wheelSha}/Demo_Pkg-1.0.0-py3-none-any.whl`,
            { authorization: test.auth(test.tokens.admin) },
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('private repositories', () => {
    it('asks anonymous readers to authenticate with 401 and WWW-Authenticate: Basic', async () => {
      for (const url of [
        '/private/simple/',
        '/private/simple/secret-pkg/',
        '/private/pypi/secret-pkg/json',
      ]) {
        const response = await get(url);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
    });

    it('lets a read token in, marks responses private, and keeps other tokens out', async () => {
      const response = await get('/private/simple/secret-pkg/', {
        authorization: test.auth(test.tokens.reader),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/^private/);
      const bearer = await get('/private/simple/', {
        authorization: `Bearer ${test.tokens.reader}`,
      });
      expect(bearer.status).toBe(200);
      expect(
        (
          await get('/private/simple/', {
            authorization: test.auth('whl_nope'),
          })
        ).status,
      ).toBe(401);
      expect(
        (await get('/private/simple/', { authorization: 'Basic !!!' })).status,
      ).toBe(401);
    });

    it('does not tell anonymous callers which repositories exist', async () => {
      const unknown = await get('/nope/simple/');
      const hidden = await get('/private/simple/');
      expect([unknown.status, hidden.status]).toEqual([401, 401]);
      expect(await unknown.text()).toBe(await hidden.text());
      // With a token limited to another repository, a real repository is forbidden, not absent.
      expect(
        (
          await get('/default/simple/', {
            authorization: test.auth(test.tokens.otherRepo),
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('PyPI JSON API', () => {
    it('describes the project with info, releases and absolute file URLs', async () => {
      const response = await get('/default/pypi/Demo.Pkg/json');
      expect(response.status).toBe(200);
      const body: any = await response.json();
      expect(body.info).toMatchObject({ name: 'Demo.Pkg', version: '1.1.0' });
      expect(Object.keys(body.releases)).toEqual(['0.9.0', '1.0.0', '1.1.0']);
      const release = body.releases['1.0.0'].find(
        (file: { filename: string }) => file.filename.endsWith('.whl'),
      );
      expect(release).toMatchObject({
        packagetype: 'bdist_wheel',
        digests: { sha256: wheelSha },
        requires_python: '<4,>=3.8',
        url: `${test.url}/default/files/${wheelSha}/Demo_Pkg-1.0.0-py3-none-any.whl`,
        yanked: false,
      });
      expect(
        body.urls.map((file: { filename: string }) => file.filename),
      ).toEqual(['Demo_Pkg-1.1.0-py3-none-any.whl']);
    });

    it('describes one version, and 404s for an unknown one', async () => {
      const body: any = await (
        await get('/default/pypi/demo-pkg/1.0/json')
      ).json();
      expect(body.info).toMatchObject({
        version: '1.0.0',
        summary: '<script>x</script>',
        requires_python: '<4,>=3.8',
      });
      expect(body.releases).toBeUndefined();
      expect(body.urls).toHaveLength(2);
      expect((await get('/default/pypi/demo-pkg/9.9/json')).status).toBe(404);
    });
  });
});
