import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';
import { HTML_PAGE_CSP } from './securityHeaders';

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

describe.each(TEST_DATABASES)('response headers on %s', kind => {
  let test: TestServer;
  let work: string;
  let fileUrl: string;

  beforeAll(async () => {
    test = await startTestServer(kind);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-headers-'));
    const response = await uploadFile(
      test,
      makeWheel(work, { name: 'head-lib', version: '1.0' }),
    );
    if (response.status !== 200)
      throw new Error(`setup upload answered ${response.status}`);
    const { sha256, filename } = (await response.json()) as {
      sha256: string;
      filename: string;
    };
    fileUrl = `/default/files/${sha256}/${filename}`;
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const get = (url: string, init: RequestInit = {}) =>
    fetch(`${test.url}${url}`, { redirect: 'manual', ...init });

  it.each([
    ['a literal +', `?format=${JSON_TYPE}`],
    ['an escaped +', `?format=${encodeURIComponent(JSON_TYPE)}`],
  ])('accepts ?format= with %s', async (_name, query) => {
    for (const page of ['/default/simple/', '/default/simple/head-lib/']) {
      const response = await get(`${page}${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    }
  });

  it('sends CSP and X-Frame-Options on the HTML pages, from the hot path and the router', async () => {
    for (const url of [
      '/default/simple/',
      '/default/simple/head-lib/',
      '/default/simple/?format=text/html',
      '/default/simple/head-lib/?format=application/vnd.pypi.simple.v1%2Bhtml',
    ]) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(
        HTML_PAGE_CSP,
      );
      expect(HTML_PAGE_CSP).toMatch(/^default-src 'none'/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('sends nosniff on every response', async () => {
    const responses = await Promise.all([
      get('/health'),
      get('/no/such/path'),
      get('/default/simple/'),
      get('/default/simple/head-lib/'),
      get('/default/simple/Head_Lib/'),
      get('/default/simple/?format=text/csv'),
      get('/private/simple/'),
      get(fileUrl),
      get(`${fileUrl}.metadata`),
      get('/default/pypi/head-lib/json'),
      get('/api/v1/repositories'),
      get('/api/v1/tokens'),
      get('/api/v1/nothing'),
      get('/default/', { method: 'POST' }),
    ]);
    for (const response of responses) {
      expect([
        response.url,
        response.headers.get('x-content-type-options'),
      ]).toEqual([response.url, 'nosniff']);
    }
  });
});
