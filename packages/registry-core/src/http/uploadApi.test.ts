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

describe.each(TEST_DATABASES)('legacy upload API on %s', kind => {
  let test: TestServer;
  let work: string;
  let wheel: string;
  let sdist: string;

  beforeAll(async () => {
    test = await startTestServer(kind);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-upload-'));
    wheel = makeWheel(work, {
      name: 'demo-pkg',
      version: '1.0.0',
      requiresPython: '>=3.8',
    });
    sdist = makeSdist(work, {
      name: 'demo-pkg',
      version: '1.0.0',
      requiresPython: '>=3.8',
    });
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const stagingFiles = () =>
    fs.readdirSync(path.join(test.directory, 'blobs', '.staging'));

  it('accepts a wheel and an sdist, and a byte-identical re-upload with 200', async () => {
    const first = await uploadFile(test, wheel);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      outcome: 'created',
      project: 'demo-pkg',
      version: '1.0.0',
    });
    expect((await uploadFile(test, sdist)).status).toBe(200);
    const again = await uploadFile(test, wheel);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'identical' });
  });

  it('answers 409 "File already exists" for other bytes under an existing filename', async () => {
    const other = makeWheel(path.join(work, 'other'), {
      name: 'demo-pkg',
      version: '1.0.0',
      summary: 'changed',
    });
    const response = await uploadFile(test, other);
    expect(response.status).toBe(409);
    expect(response.statusText).toMatch(/^File already exists/);
  });

  it('verifies every digest sent and says which one failed in the reason phrase', async () => {
    const file = makeWheel(path.join(work, 'digest'), {
      name: 'digest-pkg',
      version: '1.0.0',
    });
    for (const field of ['sha256_digest', 'md5_digest', 'blake2_256_digest']) {
      const response = await uploadFile(test, file, {
        fields: { [field]: '0'.repeat(field === 'md5_digest' ? 32 : 64) },
      });
      expect(response.status).toBe(400);
      expect(response.statusText).toMatch(
        new RegExp(
          `${field.replace('_digest', '')} digest sent does not match`,
        ),
      );
    }
    const index = await fetch(`${test.url}/default/simple/digest-pkg/`);
    expect(index.status).toBe(404);
    expect(stagingFiles()).toEqual([]);
  });

  it.each([
    [
      'a name that does not match the file',
      { fields: { name: 'other-pkg' } },
      /does not match project other-pkg/,
    ],
    [
      'a version that does not match the file',
      { fields: { version: '2.0' } },
      /does not match project/,
    ],
    [
      'an invalid version',
      { fields: { version: 'not-a-version' } },
      /Invalid version/,
    ],
    [
      'an invalid project name',
      { fields: { name: '-bad-' } },
      /Invalid project name/,
    ],
    ['no :action', { fields: { ':action': undefined } }, /Missing :action/],
    [
      'another :action',
      { fields: { ':action': 'submit' } },
      /Unsupported :action submit/,
    ],
    // The multipart parser keeps only the base name, so a path never reaches storage.
    [
      'a path in the filename',
      { filename: '../../bad_pkg-2.0-py3-none-any.whl' },
      /Filename bad_pkg-2.0-py3-none-any.whl does not match/,
    ],
    [
      'a filename that is no distribution',
      { filename: 'demo_pkg-1.0.0.exe' },
      /Invalid distribution filename/,
    ],
    [
      'a wrong filetype',
      { fields: { filetype: 'sdist' } },
      /filetype sdist does not match/,
    ],
  ])(
    'refuses %s with 400 and stores nothing',
    async (_label, options, reason) => {
      const file = makeWheel(path.join(work, 'bad'), {
        name: 'bad-pkg',
        version: '1.0.0',
      });
      const fields = {
        name: 'bad-pkg',
        version: '1.0.0',
        ...(options as { fields?: Record<string, string | undefined> }).fields,
      };
      const response = await uploadFile(test, file, { ...options, fields });
      expect(response.status).toBe(400);
      expect(response.statusText).toMatch(reason);
      expect((await fetch(`${test.url}/default/simple/bad-pkg/`)).status).toBe(
        404,
      );
      expect(stagingFiles()).toEqual([]);
    },
  );

  it('refuses a wheel whose .dist-info names another project than its filename', async () => {
    const file = makeWheel(path.join(work, 'liar'), {
      name: 'liar-pkg',
      version: '1.0.0',
    });
    const renamed = path.join(
      work,
      'liar',
      'honest_pkg-1.0.0-py3-none-any.whl',
    );
    fs.renameSync(file, renamed);
    const response = await uploadFile(test, renamed);
    expect(response.status).toBe(400);
    expect(response.statusText).toMatch(
      /liar_pkg-1.0.0.dist-info.* does not match the filename/,
    );
  });

  it('refuses an upload without content and a corrupt wheel', async () => {
    const noContent = new FormData();
    noContent.append(':action', 'file_upload');
    noContent.append('name', 'demo-pkg');
    noContent.append('version', '1.0.0');
    const response = await fetch(`${test.url}/default/`, {
      method: 'POST',
      body: noContent,
      headers: { authorization: test.auth(test.tokens.publisher) },
    });
    expect(response.status).toBe(400);
    expect(response.statusText).toMatch(/no 'content' file/);
    const corrupt = await uploadFile(test, wheel, {
      filename: 'corrupt_pkg-1.0.0-py3-none-any.whl',
      content: Buffer.from('PK\u0003\u0004 this is not a zip'),
      fields: { name: 'corrupt-pkg', version: '1.0.0' },
    });
    expect(corrupt.status).toBe(400);
  });

  it('answers 413 for a file over the limit and leaves no staging file', async () => {
    const big = makeWheel(path.join(work, 'big'), {
      name: 'big-pkg',
      version: '1.0.0',
      padding: 400_000,
    });
    // Random padding would compress badly; make sure the file really is over the 300 kB test limit.
    const content = Buffer.concat([
      fs.readFileSync(big),
      Buffer.alloc(400_000),
    ]);
    const response = await uploadFile(test, big, { content });
    expect(response.status).toBe(413);
    expect(stagingFiles()).toEqual([]);
  });

  it('refuses a body that is not multipart', async () => {
    const response = await fetch(`${test.url}/default/`, {
      method: 'POST',
      body: 'name=x',
      headers: {
        authorization: test.auth(test.tokens.publisher),
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(response.status).toBe(400);
  });

  describe('authentication and rights', () => {
    it('asks anonymous uploaders for credentials with 401 and WWW-Authenticate: Basic', async () => {
      const response = await uploadFile(test, wheel, { token: '' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    });

    it.each([
      ['a wrong token', () => 'whl_000000000000_wrong', 401],
      ['a revoked token', () => test.tokens.revoked, 401],
      ['a read-only token', () => test.tokens.reader, 403],
      ['a token for another repository', () => test.tokens.otherRepo, 403],
    ])('answers %s with %s', async (_label, token, status) => {
      const response = await uploadFile(test, wheel, { token: token() });
      expect(response.status).toBe(status);
      // A 401 asks for credentials; a 403 has no requirement on it.
      expect(response.headers.get('www-authenticate') ?? '').toMatch(
        status === 401 ? /^Basic/ : /^/,
      );
    });

    it('answers 404 for an unknown repository, after authentication', async () => {
      const response = await uploadFile(test, wheel, { repository: 'nope' });
      expect(response.status).toBe(404);
      expect(
        (await uploadFile(test, wheel, { repository: 'nope', token: '' }))
          .status,
      ).toBe(401);
    });

    it('also accepts uploads on /{repo}/legacy/ and never redirects an upload', async () => {
      const form = new FormData();
      const response = await fetch(`${test.url}/default/legacy/`, {
        method: 'POST',
        body: form,
        headers: { authorization: test.auth(test.tokens.publisher) },
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
    });
  });
});
