import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Test helpers of the client package (not part of its published API): a scripted HTTP server and archive fixtures.
import {
  FakeServer,
  parseMultipart,
  RecordedRequest,
  startFakeServer,
  Answer,
} from '../../registry-client/src/__testutils__/fakeServer';
import { buildArchives } from '@wheelhouse/test-utils/archives';
import { fakeToolkit } from './__testutils__/fakeToolkit';
import { run } from './run';

const metadata = (name: string, version: string) =>
  `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: <b>demo</b>\n`;

let dir: string;
let server: FakeServer | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-publish-run-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.mkdirSync(path.join(dir, 'bad'));
  buildArchives(path.join(dir, 'dist'), [
    {
      file: 'demo_lib-1.2.0-py3-none-any.whl',
      format: 'zip',
      entries: [
        {
          name: 'demo_lib-1.2.0.dist-info/METADATA',
          text: metadata('demo-lib', '1.2.0'),
        },
      ],
    },
    {
      file: 'demo_lib-1.2.0.tar.gz',
      format: 'tar.gz',
      entries: [
        {
          name: 'demo_lib-1.2.0/PKG-INFO',
          text: metadata('demo-lib', '1.2.0'),
        },
      ],
    },
  ]);
  buildArchives(path.join(dir, 'bad'), [
    {
      file: 'demo_lib-1.3.0-py3-none-any.whl',
      format: 'zip',
      entries: [
        {
          name: 'demo_lib-1.3.0.dist-info/METADATA',
          text: metadata('demo-lib', '1.2.9'),
        },
      ],
    },
  ]);
  fs.writeFileSync(path.join(dir, 'dist', 'build.log'), 'not a distribution');
  // A good wheel beside an sdist cut short after its PKG-INFO (an interrupted copy): the registry refuses the sdist.
  fs.mkdirSync(path.join(dir, 'truncated'));
  buildArchives(path.join(dir, 'truncated'), [
    {
      file: 'demo_lib-1.4.0-py3-none-any.whl',
      format: 'zip',
      entries: [
        {
          name: 'demo_lib-1.4.0.dist-info/METADATA',
          text: metadata('demo-lib', '1.4.0'),
        },
      ],
    },
    {
      file: 'demo_lib-1.4.0.tar.gz',
      format: 'tar.gz',
      entries: [
        {
          name: 'demo_lib-1.4.0/PKG-INFO',
          text: metadata('demo-lib', '1.4.0'),
        },
        { name: 'demo_lib-1.4.0/data.bin', random: 200_000 },
      ],
    },
  ]);
  const sdist = path.join(dir, 'truncated', 'demo_lib-1.4.0.tar.gz');
  const bytes = fs.readFileSync(sdist);
  fs.writeFileSync(sdist, bytes.subarray(0, bytes.length >> 1));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A registry stand-in: uploads answer `created` unless `upload` says otherwise; management calls answer 200. */
async function registry(
  answers: {
    upload?: (filename: string) => Answer;
    manage?: (request: RecordedRequest) => Answer;
  } = {},
) {
  server = await startFakeServer(request => {
    if (request.method === 'POST' && request.url === '/default/') {
      const form = parseMultipart(
        request.body,
        String(request.headers['content-type']),
      );
      return (
        answers.upload?.(form.files[0].filename) ?? {
          status: 200,
          body: { outcome: 'created' },
        }
      );
    }
    return answers.manage?.(request) ?? { status: 200, body: [] };
  });
  return server;
}

const uploads = () =>
  server!.requests.filter(r => r.method === 'POST' && r.url === '/default/');
const calls = (method: string) =>
  server!.requests
    .filter(r => r.method === method)
    .map(r => [r.url, JSON.parse(r.body.toString() || 'null')]);

function inputs(extra: Record<string, string> = {}) {
  return {
    'repository-url': `${server!.url}/default/`,
    password: 'whl_token',
    ...extra,
  };
}

describe('action-publish run', () => {
  it('uploads every distribution in packages-dir, attaches build metadata and tags, and reports it', async () => {
    await registry();
    const toolkit = fakeToolkit(
      inputs({ metadata: 'team=ml', tags: 'nightly' }),
      { workspace: dir },
    );
    await run(toolkit, { retry: { baseDelayMs: 1 } });

    expect(toolkit.failed).toBeUndefined();
    expect(uploads()).toHaveLength(2);
    expect(calls('PATCH')).toEqual([
      [
        '/api/v1/repositories/default/packages/demo-lib/versions/1.2.0/metadata',
        {
          set: expect.objectContaining({
            'github.sha': '0123456789abcdef0123456789abcdef01234567',
            'github.run_url':
              'https://github.example.com/acme/widgets/actions/runs/4242',
            team: 'ml',
          }),
        },
      ],
    ]);
    expect(calls('PUT')).toEqual([
      [
        '/api/v1/repositories/default/packages/demo-lib/tags/nightly',
        { version: '1.2.0' },
      ],
    ]);

    expect(toolkit.outputs['package-name']).toBe('demo-lib');
    expect(toolkit.outputs.version).toBe('1.2.0');
    const files = JSON.parse(toolkit.outputs['uploaded-files']);
    expect(
      files.map((f: { filename: string; outcome: string }) => [
        f.filename,
        f.outcome,
      ]),
    ).toEqual([
      ['demo_lib-1.2.0-py3-none-any.whl', 'created'],
      ['demo_lib-1.2.0.tar.gz', 'created'],
    ]);
    expect(files[0].url).toBe(
      `${server!.url}/default/files/${files[0].sha256}/demo_lib-1.2.0-py3-none-any.whl`,
    );
    expect(files[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    expect(toolkit.summary).toContain(
      '<td><code>demo_lib-1.2.0.tar.gz</code></td>',
    );
    expect(toolkit.summary).toContain(files[0].sha256);
    expect(toolkit.summary).toContain(`<a href="${files[0].url}">download</a>`);
    expect(toolkit.summary).toContain('tags <code>nightly</code>');
    expect(toolkit.secrets).toContain('whl_token');
  });

  it('uploads nothing when a file fails verification, with an annotation naming the problem', async () => {
    await registry();
    const toolkit = fakeToolkit(inputs({ 'packages-dir': 'bad' }), {
      workspace: dir,
    });
    await run(toolkit);
    expect(uploads()).toHaveLength(0);
    expect(toolkit.errors).toEqual([
      'demo_lib-1.3.0-py3-none-any.whl: the metadata has version 1.2.9, but the filename says 1.3.0',
    ]);
    expect(toolkit.failed).toMatch(
      /1 problem found in the distributions, nothing was uploaded/,
    );
    expect(toolkit.outputs).toEqual({});
  });

  it('refuses a truncated sdist before uploading the wheel beside it, as the registry would refuse the sdist', async () => {
    await registry();
    const toolkit = fakeToolkit(inputs({ 'packages-dir': 'truncated' }), {
      workspace: dir,
    });
    await run(toolkit);
    expect(uploads()).toHaveLength(0);
    expect(toolkit.errors).toEqual([
      expect.stringMatching(
        /^demo_lib-1\.4\.0\.tar\.gz: cannot read its metadata: Invalid sdist: the archive is corrupt or truncated/,
      ),
    ]);
    expect(toolkit.failed).toMatch(
      /1 problem found in the distributions, nothing was uploaded/,
    );
  });

  it('with verify-metadata false, warns and lets the registry decide', async () => {
    await registry({
      upload: () => ({
        status: 400,
        reason: 'Bad metadata',
        body: "400 The file's metadata has version 1.2.9, not 1.3.0\n",
      }),
    });
    const toolkit = fakeToolkit(
      inputs({ 'packages-dir': 'bad', 'verify-metadata': 'false' }),
      { workspace: dir },
    );
    await run(toolkit);
    expect(toolkit.warnings).toEqual([
      'demo_lib-1.3.0-py3-none-any.whl: the metadata has version 1.2.9, but the filename says 1.3.0',
    ]);
    expect(uploads()).toHaveLength(1);
    expect(toolkit.failed).toBe(
      `Uploading demo_lib-1.3.0-py3-none-any.whl to ${server!.url}/default/ failed: 400 The file's metadata has version 1.2.9, not 1.3.0`,
    );
  });

  it('fails on a conflicting file with the server message, keeping outputs for what was uploaded before', async () => {
    await registry({
      upload: filename =>
        filename.endsWith('.tar.gz')
          ? {
              status: 409,
              reason: 'Conflict',
              body: `409 File already exists: ${filename} was uploaded before with other content\n`,
            }
          : { status: 200, body: { outcome: 'identical' } },
    });
    const toolkit = fakeToolkit(inputs(), { workspace: dir });
    await run(toolkit);
    expect(toolkit.failed).toBe(
      `Uploading demo_lib-1.2.0.tar.gz to ${server!.url}/default/ failed: 409 File already exists: demo_lib-1.2.0.tar.gz was uploaded before with other content`,
    );
    expect(
      JSON.parse(toolkit.outputs['uploaded-files']).map(
        (f: { outcome: string }) => f.outcome,
      ),
    ).toEqual(['identical']);
    expect(toolkit.summary).toContain('already there (same content)');
    expect(calls('PATCH')).toEqual([]);
  });

  it('with skip-existing, skips conflicting files and leaves the metadata of versions it did not upload alone', async () => {
    await registry({
      upload: () => ({
        status: 409,
        reason: 'Conflict',
        body: '409 File already exists: x\n',
      }),
    });
    const toolkit = fakeToolkit(
      inputs({ 'skip-existing': 'true', tags: 'nightly' }),
      { workspace: dir },
    );
    await run(toolkit);
    expect(toolkit.failed).toBeUndefined();
    expect(toolkit.warnings).toHaveLength(2);
    expect(
      JSON.parse(toolkit.outputs['uploaded-files']).map(
        (f: { outcome: string }) => f.outcome,
      ),
    ).toEqual(['skipped', 'skipped']);
    expect(calls('PATCH')).toEqual([]);
    expect(calls('PUT')).toEqual([]);
  });

  it('warns, not fails, when a publish-only token may not attach the default build metadata', async () => {
    const forbidden = {
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message: 'This token lacks the manage scope',
        },
      },
    };
    await registry({ manage: () => forbidden });
    const toolkit = fakeToolkit(inputs(), { workspace: dir });
    await run(toolkit);
    expect(toolkit.failed).toBeUndefined();
    expect(toolkit.warnings).toEqual([
      expect.stringContaining(
        'Build metadata not attached to demo-lib 1.2.0: 403 This token lacks the manage scope',
      ),
    ]);
  });

  it('fails when metadata the user asked for cannot be set', async () => {
    await registry({
      manage: () => ({
        status: 403,
        body: {
          error: {
            name: 'NotAllowedError',
            message: 'This token lacks the manage scope',
          },
        },
      }),
    });
    const toolkit = fakeToolkit(inputs({ metadata: 'team=ml' }), {
      workspace: dir,
    });
    await run(toolkit);
    expect(toolkit.failed).toBe(
      'Setting metadata on demo-lib 1.2.0 failed: 403 This token lacks the manage scope',
    );
  });

  it('retries an upload after a 503 and warns about it', async () => {
    let attempts = 0;
    await registry({
      upload: () =>
        ++attempts === 1
          ? { status: 503, reason: 'Service Unavailable' }
          : { status: 200, body: { outcome: 'created' } },
    });
    const toolkit = fakeToolkit(inputs({ 'attach-build-metadata': 'false' }), {
      workspace: dir,
    });
    await run(toolkit, { retry: { baseDelayMs: 1 } });
    expect(toolkit.failed).toBeUndefined();
    expect(uploads()).toHaveLength(3);
    expect(toolkit.warnings).toEqual([
      expect.stringMatching(
        /^Attempt 1 failed \(503 Service Unavailable\); retrying in/,
      ),
    ]);
    expect(server!.requests.filter(r => r.method !== 'POST')).toEqual([]);
  });

  it('uploads the files matching the glob patterns instead of packages-dir', async () => {
    await registry();
    const globbed: string[][] = [];
    const toolkit = fakeToolkit(
      inputs({ files: 'dist/*.whl', 'attach-build-metadata': 'false' }),
      {
        workspace: dir,
        glob: patterns => {
          globbed.push(patterns);
          return [
            path.join(dir, 'dist', 'demo_lib-1.2.0-py3-none-any.whl'),
            path.join(dir, 'dist', 'build.log'),
          ];
        },
      },
    );
    await run(toolkit);
    expect(globbed).toEqual([['dist/*.whl']]);
    expect(uploads()).toHaveLength(1);
  });

  it('fails clearly when there is nothing to upload', async () => {
    await registry();
    const toolkit = fakeToolkit(inputs({ 'packages-dir': 'missing' }), {
      workspace: dir,
    });
    await run(toolkit);
    expect(toolkit.failed).toMatch(/packages-dir .*missing does not exist/);
    const empty = fakeToolkit(inputs({ files: '*.whl' }), {
      workspace: dir,
      glob: () => [],
    });
    await run(empty);
    expect(empty.failed).toBe(
      'No distributions (*.whl, *.tar.gz, *.zip) found in the files matching *.whl',
    );
  });

  it('runs python -m build into packages-dir first when build is true, and stops if it fails', async () => {
    await registry();
    const toolkit = fakeToolkit(
      inputs({
        build: 'true',
        python: '/usr/bin/python3',
        'build-args': '--no-isolation',
      }),
      { workspace: dir, exec: () => 1 },
    );
    await run(toolkit);
    expect(toolkit.execs).toEqual([
      {
        command: '/usr/bin/python3',
        args: [
          '-m',
          'build',
          '--outdir',
          path.join(dir, 'dist'),
          '--no-isolation',
          dir,
        ],
        cwd: dir,
      },
    ]);
    expect(toolkit.failed).toMatch(/failed with exit code 1/);
    expect(uploads()).toHaveLength(0);
  });
});
