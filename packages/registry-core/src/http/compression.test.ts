import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import { rawGet as get } from '@wheelhouse/test-utils/rawGet';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';
import { acceptedCodings } from './compression';

describe('Accept-Encoding', () => {
  it('takes gzip and brotli unless refused with q=0, and * for the ones not named', () => {
    expect(acceptedCodings('gzip, deflate')).toEqual({ gzip: true, br: false });
    expect(acceptedCodings('gzip;q=0, br')).toEqual({ gzip: false, br: true });
    expect(acceptedCodings('*')).toEqual({ gzip: true, br: true });
    expect(acceptedCodings('*;q=0, identity')).toEqual({
      gzip: false,
      br: false,
    });
    expect(acceptedCodings('br;q=0, *')).toEqual({ gzip: true, br: false });
  });
});

describe('compressed index pages and JSON', () => {
  let test: TestServer;
  let work: string;
  let fileUrl: string;

  beforeAll(async () => {
    test = await startTestServer('sqlite');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-compression-'));
    for (let minor = 0; minor < 12; minor++) {
      const file = makeWheel(path.join(work, String(minor)), {
        name: 'squeeze-kit',
        version: `1.${minor}.0`,
      });
      const response = await uploadFile(test, file, {
        fields: { name: 'squeeze-kit' },
        token: test.tokens.admin,
      });
      if (response.status !== 200)
        throw new Error(`setup upload answered ${response.status}`);
    }
    const page = JSON.parse(
      (
        await get(`${test.url}/default/simple/squeeze-kit/`, {
          accept: 'application/vnd.pypi.simple.v1+json',
        })
      ).body.toString(),
    );
    fileUrl = new URL(
      page.files[0].url,
      `${test.url}/default/simple/squeeze-kit/`,
    ).href;
  });
  afterAll(async () => {
    await test?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each([
    ['HTML project page', '/default/simple/squeeze-kit/', {}],
    [
      'PEP 691 JSON project page',
      '/default/simple/squeeze-kit/',
      { accept: 'application/vnd.pypi.simple.v1+json' },
    ],
    ['PyPI JSON API', '/default/pypi/squeeze-kit/json', {}],
  ])(
    'sends the %s gzipped, with its own ETag, to a client that takes it',
    async (_label, url, headers) => {
      const plain = await get(`${test.url}${url}`, headers);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('Accept-Encoding');
      const gzipped = await get(`${test.url}${url}`, {
        ...headers,
        'accept-encoding': 'gzip',
      });
      expect(gzipped.status).toBe(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toContain('Accept-Encoding');
      expect(Number(gzipped.headers['content-length'])).toBe(
        gzipped.body.length,
      );
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
      expect(zlib.gunzipSync(gzipped.body)).toEqual(plain.body);
      expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
      // Each representation revalidates with its own tag.
      const again = await get(`${test.url}${url}`, {
        ...headers,
        'accept-encoding': 'gzip',
        'if-none-match': gzipped.headers.etag,
      });
      expect(again.status).toBe(304);
      const plainAgain = await get(`${test.url}${url}`, {
        ...headers,
        'if-none-match': gzipped.headers.etag,
      });
      expect(plainAgain.status).toBe(200);
    },
  );

  it('sends brotli once it is made, when it pays, and never compresses distribution files', async () => {
    const url = `${test.url}/default/simple/squeeze-kit/`;
    let response = await get(url, { 'accept-encoding': 'br, gzip' });
    for (
      let tries = 0;
      response.headers['content-encoding'] !== 'br';
      tries++
    ) {
      expect(tries).toBeLessThan(50);
      await new Promise(resolve => setTimeout(resolve, 20));
      response = await get(url, { 'accept-encoding': 'br, gzip' });
    }
    const plain = await get(url, {});
    expect(zlib.brotliDecompressSync(response.body)).toEqual(plain.body);

    const file = await get(fileUrl, { 'accept-encoding': 'gzip, br' });
    expect(file.status).toBe(200);
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers a Renovate-like fetch of the PyPI JSON API (gzip, deflate, br) with a document that decodes to the same JSON', async () => {
    const headers = {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'Renovate/39 (https://github.com/renovatebot/renovate)',
    };
    const response = await get(
      `${test.url}/default/pypi/squeeze-kit/json`,
      headers,
    );
    expect(response.status).toBe(200);
    expect(['gzip', 'br']).toContain(response.headers['content-encoding']);
    const decoded =
      response.headers['content-encoding'] === 'br'
        ? zlib.brotliDecompressSync(response.body)
        : zlib.gunzipSync(response.body);
    const document = JSON.parse(decoded.toString());
    expect(Object.keys(document.releases)).toHaveLength(12);
    expect(document.info.version).toBe('1.11.0');
    const plain = await get(`${test.url}/default/pypi/squeeze-kit/json`, {
      accept: 'application/json',
    });
    expect(JSON.parse(plain.body.toString())).toEqual(document);
  });

  it('keeps a small page as it is', async () => {
    const response = await get(`${test.url}/private/simple/`, {
      authorization: test.auth(test.tokens.admin),
      'accept-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(response.body.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});
