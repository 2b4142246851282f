import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import { rawGet as get } from '@wheelhouse/test-utils/rawGet';
import {
  startUpstreamIndex,
  UpstreamIndex,
} from '@wheelhouse/test-utils/upstreamIndex';
import { TEST_DATABASES } from '../__testutils__/databases';
import { proxyRepositories } from '@wheelhouse/test-utils/proxyRepositories';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

describe.each(TEST_DATABASES)(
  'the PyPI JSON API of proxy and virtual repositories on %s',
  kind => {
    let test: TestServer;
    let upstream: UpstreamIndex;
    let work: string;

    beforeEach(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-proxy-json-'));
      // public-pkg 1.0 and 2.0, the first one yanked upstream.
      upstream = await startUpstreamIndex({
        directory: work,
        displayName: 'Public-Pkg',
        releases: ['1.0', '2.0'].map(version => ({
          version,
          summary: `public ${version}`,
          yanked: version === '1.0' ? 'broken upstream' : undefined,
        })),
        requiresPython: '>=3.8',
        maxAgeSeconds: 600,
      });
      test = await startTestServer(kind, {
        repositories: proxyRepositories({
          url: upstream.url,
          timeoutSeconds: 2,
        }),
      });
    });

    afterEach(async () => {
      await test?.stop();
      await upstream?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    const json = async (repository: string, suffix = 'json') => {
      const response = await get(
        `${test.url}/${repository}/pypi/public-pkg/${suffix}`,
      );
      return {
        status: response.status,
        headers: response.headers,
        body:
          response.status === 200
            ? JSON.parse(response.body.toString())
            : undefined,
      };
    };
    const admin = () => ({
      authorization: test.auth(test.tokens.admin),
      'content-type': 'application/json',
    });

    it("lists a proxy's upstream versions with its own file URLs; info is the latest installable, minimal until its file is stored", async () => {
      const [old, latest] = upstream.wheels;
      const first = await json('pypi');
      expect(first.status).toBe(200);
      expect(Object.keys(first.body.releases)).toEqual(['1.0', '2.0']);
      expect(first.body.info).toMatchObject({
        name: 'Public-Pkg',
        version: '2.0',
        summary: null,
        requires_python: null,
        classifiers: [],
        yanked: false,
        project_url: `${test.url}/pypi/simple/public-pkg/`,
      });
      expect(first.body.urls).toEqual([
        expect.objectContaining({
          filename: latest.filename,
          url: `${test.url}/pypi/files/${latest.sha256}/${latest.filename}`,
          digests: { sha256: latest.sha256, md5: null, blake2b_256: null },
          size: latest.bytes.length,
          requires_python: '>=3.8',
          packagetype: 'bdist_wheel',
          python_version: 'py3',
          upload_time: '2026-01-01T00:00:00',
          upload_time_iso_8601: '2026-01-01T00:00:00Z',
          yanked: false,
        }),
      ]);
      expect(first.body.releases['1.0']).toEqual([
        expect.objectContaining({
          filename: old.filename,
          yanked: true,
          yanked_reason: 'broken upstream',
        }),
      ]);

      // Once the file is fetched, its METADATA fills info and its stored digests show.
      const file = await fetch(first.body.urls[0].url);
      expect(Buffer.from(await file.arrayBuffer()).equals(latest.bytes)).toBe(
        true,
      );
      const stored = await json('pypi');
      expect(stored.body.info).toMatchObject({
        version: '2.0',
        summary: 'public 2.0',
        requires_python: '>=3.8',
      });
      expect(stored.body.urls[0].digests.md5).toBe(
        crypto.createHash('md5').update(latest.bytes).digest('hex'),
      );
      const one = await json('pypi', '1.0/json');
      expect(one.body.info).toMatchObject({
        version: '1.0',
        yanked: true,
        yanked_reason: 'broken upstream',
      });
      expect(one.body.releases).toBeUndefined();
      expect(upstream.counts.pages).toBe(1);
    });

    it('lists a disabled cached version as yanked with the reason', async () => {
      const latest = upstream.wheels[1];
      // A file is known once its page was fetched.
      expect((await json('pypi')).status).toBe(200);
      expect(
        (
          await fetch(
            `${test.url}/pypi/files/${latest.sha256}/${latest.filename}`,
          )
        ).status,
      ).toBe(200);
      const disabled = await fetch(
        `${test.url}/api/v1/repositories/pypi/packages/public-pkg/versions/2.0/disable`,
        {
          method: 'POST',
          headers: admin(),
          body: JSON.stringify({ reason: 'bad release' }),
        },
      );
      expect(disabled.status).toBe(200);
      for (const repository of ['pypi', 'all']) {
        const { body } = await json(repository);
        expect(body.releases['2.0']).toEqual([
          expect.objectContaining({
            yanked: true,
            yanked_reason: 'disabled: bad release',
          }),
        ]);
        // Nothing installable is left: info describes the newest listed version, yanked.
        expect(body.info).toMatchObject({
          version: '2.0',
          yanked: true,
          yanked_reason: 'disabled: bad release',
        });
      }
    });

    it("hides a proxy's higher version behind a hosted project in a virtual repository unless it tracks it", async () => {
      const hosted = makeWheel(path.join(work, 'team'), {
        name: 'public-pkg',
        version: '0.5',
        summary: 'ours',
      });
      expect(
        (
          await uploadFile(test, hosted, {
            repository: 'team',
            token: test.tokens.admin,
          })
        ).status,
      ).toBe(200);
      const hidden = await json('all');
      expect(hidden.status).toBe(200);
      expect(Object.keys(hidden.body.releases)).toEqual(['0.5']);
      expect(hidden.body.info).toMatchObject({
        name: 'public-pkg',
        version: '0.5',
        summary: 'ours',
      });
      expect(hidden.body.urls[0].url).toMatch(
        new RegExp(`^${test.url}/all/files/[0-9a-f]{64}/public_pkg-0\\.5-`),
      );
      expect(upstream.counts.pages).toBe(0);

      const tracked = await fetch(
        `${test.url}/api/v1/repositories/team/packages/public-pkg/tracks`,
        {
          method: 'PUT',
          headers: admin(),
          body: JSON.stringify({ tracks: [`${upstream.url}public-pkg/`] }),
        },
      );
      expect(tracked.status).toBe(200);
      const merged = await json('all');
      expect(Object.keys(merged.body.releases)).toEqual(['0.5', '1.0', '2.0']);
      expect(merged.body.info).toMatchObject({ version: '2.0', summary: null });
      expect(merged.body.urls[0].url).toBe(
        `${test.url}/all/files/${upstream.wheels[1].sha256}/${upstream.wheels[1].filename}`,
      );
    });

    it('answers 404 for a project neither the upstream nor a member has, and for an unknown version', async () => {
      const missing = await get(`${test.url}/pypi/pypi/no-such-thing/json`);
      expect(missing.status).toBe(404);
      expect(
        (await get(`${test.url}/all/pypi/no-such-thing/json`)).status,
      ).toBe(404);
      expect((await json('pypi', '9.9/json')).status).toBe(404);
    });

    it('compresses the document once and revalidates it with its ETag, as a hosted one', async () => {
      const plain = await get(`${test.url}/all/pypi/public-pkg/json`);
      expect(plain.status).toBe(200);
      expect(plain.headers.vary).toContain('Accept-Encoding');
      const gzipped = await get(`${test.url}/all/pypi/public-pkg/json`, {
        'accept-encoding': 'gzip',
      });
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gzipped.body)).toEqual(plain.body);
      const again = await get(`${test.url}/all/pypi/public-pkg/json`, {
        'accept-encoding': 'gzip',
        'if-none-match': gzipped.headers.etag,
      });
      expect(again.status).toBe(304);
      expect(upstream.counts.pages).toBe(1);
    });
  },
);
