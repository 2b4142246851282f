// Test helper of the client package (not part of its published API): a scripted HTTP server.
import {
  FakeServer,
  RecordedRequest,
  startFakeServer,
} from '@wheelhouse/test-utils/fakeServer';
import { fakeToolkit } from '@wheelhouse/test-utils/fakeToolkit';
import { run } from './run';

const API = '/api/v1/repositories/default';
const NOW = new Date('2026-06-30T00:00:00Z');
const artifact = {
  name: 'demo-lib',
  displayName: 'demo-lib',
  tags: [],
  versions: [
    { version: '1.2.0', status: 'active', uploadedAt: '2026-06-29T00:00:00Z' },
    { version: '1.1.0', status: 'active', uploadedAt: '2026-06-01T00:00:00Z' },
    {
      version: '1.0.0',
      status: 'disabled',
      uploadedAt: '2026-05-01T00:00:00Z',
    },
  ],
};

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function registry(
  change: (request: RecordedRequest) => {
    status: number;
    body?: object;
  } = () => ({ status: 200, body: {} }),
) {
  server = await startFakeServer(request => {
    if (request.method === 'GET' && request.url === `${API}/packages/demo-lib`)
      return { status: 200, body: artifact };
    if (request.method === 'GET' && request.url === `${API}/recycle-bin`)
      return { status: 200, body: { items: [] } };
    return change(request);
  });
}

const changes = () =>
  server!.requests
    .filter(r => r.method !== 'GET')
    .map(r => `${r.method} ${r.url.slice(API.length)}`);
const toolkitFor = (extra: Record<string, string>) =>
  fakeToolkit({
    'repository-url': `${server!.url}/default/`,
    password: 'whl_token',
    package: 'demo-lib',
    ...extra,
  });

describe('action-manage run', () => {
  it('deletes the versions a specifier matches and reports them', async () => {
    await registry();
    const toolkit = toolkitFor({
      operation: 'delete',
      version: '<1.2',
      reason: 'superseded',
    });
    await run(toolkit, { now: NOW });
    expect(toolkit.failed).toBeUndefined();
    expect(changes()).toEqual([
      'DELETE /packages/demo-lib/versions/1.1.0',
      'DELETE /packages/demo-lib/versions/1.0.0',
    ]);
    expect(JSON.parse(server!.requests[2].body.toString())).toEqual({
      reason: 'superseded',
    });
    expect(toolkit.outputs).toEqual({
      versions: '["1.1.0","1.0.0"]',
      count: '2',
    });
    expect(toolkit.summary).toContain(
      '<h2>delete demo-lib in Wheelhouse repository default</h2>',
    );
    expect(toolkit.summary).toContain(
      '<tr><td><code>1.0.0</code></td><td>disabled</td><td>done</td></tr>',
    );
  });

  it('changes nothing in a dry run but reports what it would change', async () => {
    await registry();
    const toolkit = toolkitFor({
      operation: 'cleanup',
      'keep-newest': '1',
      'dry-run': 'true',
    });
    await run(toolkit, { now: NOW });
    expect(changes()).toEqual([]);
    expect(toolkit.outputs).toEqual({
      versions: '["1.1.0","1.0.0"]',
      count: '2',
    });
    expect(toolkit.summary).toContain('Dry run: cleanup demo-lib');
    expect(toolkit.summary).toContain('would change (dry run)');
  });

  it('cleans up with a reason naming the rules', async () => {
    await registry();
    const toolkit = toolkitFor({
      operation: 'cleanup',
      'older-than-days': '7',
    });
    await run(toolkit, { now: NOW });
    expect(changes()).toEqual([
      'DELETE /packages/demo-lib/versions/1.1.0',
      'DELETE /packages/demo-lib/versions/1.0.0',
    ]);
    expect(JSON.parse(server!.requests[2].body.toString())).toEqual({
      reason: 'cleanup (older than 7 days)',
    });
  });

  it('annotates each failed version with the server message, goes on with the others, and fails at the end', async () => {
    await registry(request =>
      request.url.includes('1.2.0')
        ? {
            status: 403,
            body: {
              error: {
                name: 'NotAllowedError',
                message: 'This token lacks the manage scope',
              },
            },
          }
        : { status: 200, body: {} },
    );
    const toolkit = toolkitFor({
      operation: 'set-metadata',
      version: '*',
      metadata: 'reviewed=yes',
    });
    await run(toolkit, { now: NOW });
    expect(changes()).toHaveLength(3);
    expect(JSON.parse(server!.requests[3].body.toString())).toEqual({
      set: { reviewed: 'yes' },
    });
    expect(toolkit.errors).toEqual([
      'set-metadata demo-lib 1.2.0 failed: 403 This token lacks the manage scope',
    ]);
    expect(toolkit.failed).toBe(
      'set-metadata failed for 1 of 3 versions of demo-lib: 1.2.0',
    );
    expect(toolkit.outputs.versions).toBe('["1.1.0","1.0.0"]');
  });

  it('fails with the server message when the package cannot be read', async () => {
    server = await startFakeServer(() => ({
      status: 404,
      body: {
        error: { name: 'NotFoundError', message: 'Package nope not found' },
      },
    }));
    const toolkit = fakeToolkit({
      'repository-url': `${server.url}/default/`,
      password: 't',
      package: 'nope',
      operation: 'enable',
      version: '1',
    });
    await run(toolkit, { now: NOW });
    expect(toolkit.failed).toBe(
      `Reading nope from ${server.url}${API} failed: 404 Package nope not found`,
    );
    expect(toolkit.outputs).toEqual({ versions: '[]', count: '0' });
  });

  it('notes when there is nothing to do, without failing', async () => {
    await registry();
    const toolkit = toolkitFor({ operation: 'enable', version: '>=1.1' });
    await run(toolkit, { now: NOW });
    expect(toolkit.failed).toBeUndefined();
    expect(changes()).toEqual([]);
    expect(toolkit.notices).toEqual(['enable demo-lib: no version to change']);
    expect(toolkit.outputs.count).toBe('0');
  });

  it('fails on bad inputs before calling the registry', async () => {
    await registry();
    const toolkit = toolkitFor({ operation: 'disable', version: '1.0' });
    await run(toolkit, { now: NOW });
    expect(toolkit.failed).toMatch(/reason is required/);
    expect(server!.requests).toEqual([]);
  });
});
