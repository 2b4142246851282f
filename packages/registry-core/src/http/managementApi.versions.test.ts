import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASES } from '../__testutils__/databases';
import {
  DistributionSpec,
  makeSdist,
  makeWheel,
} from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

type SimpleFile = { filename: string; url: string; yanked: string | boolean };

/** Version life cycle through the management API: disable, yank, delete, recycle bin, restore, purge, audit. */
describe.each(TEST_DATABASES)(
  'management API: version life cycle on %s',
  kind => {
    let test: TestServer;
    let work: string;
    let builds = 0;

    beforeAll(async () => {
      test = await startTestServer(kind);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-lifecycle-'));
    });
    afterAll(async () => {
      await test.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    const api = async (
      method: string,
      url: string,
      options: { token?: string | null; body?: unknown } = {},
    ) => {
      const token =
        options.token === undefined ? test.tokens.manager : options.token;
      const headers: Record<string, string> = token
        ? { authorization: test.auth(token) }
        : {};
      if (options.body !== undefined)
        headers['content-type'] = 'application/json';
      const response = await fetch(`${test.url}/api/v1${url}`, {
        method,
        headers,
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        statusText: response.statusText,
        body: text ? JSON.parse(text) : undefined,
      };
    };
    const pkg = (name: string, rest = '') =>
      `/repositories/default/packages/${name}${rest}`;
    const build = (spec: DistributionSpec & { sdist?: boolean }) =>
      (spec.sdist ? makeSdist : makeWheel)(
        path.join(work, String(builds++)),
        spec,
      );
    const publish = async (
      spec: DistributionSpec & { sdist?: boolean },
      repository = 'default',
    ) => {
      const file = build(spec);
      const response = await uploadFile(test, file, {
        fields: { name: spec.name },
        repository,
      });
      expect(response.status).toBe(200);
      return file;
    };
    const blobPath = (file: string) => {
      const key = crypto
        .createHash('sha256')
        .update(fs.readFileSync(file))
        .digest('hex');
      return path.join(
        test.directory,
        'blobs',
        key.slice(0, 2),
        key.slice(2, 4),
        key,
      );
    };
    /** The PEP 691 page of a project: status, files, and absolute file URLs. */
    const simple = async (name: string) => {
      const base = `${test.url}/default/simple/${name}/`;
      const response = await fetch(base, { headers: { accept: SIMPLE_JSON } });
      const page = (
        response.status === 200
          ? await response.json()
          : { versions: [], files: [] }
      ) as { versions: string[]; files: SimpleFile[] };
      const files = page.files as SimpleFile[];
      return {
        status: response.status,
        versions: page.versions as string[],
        filenames: files.map(file => file.filename),
        files,
        url: (filename: string) =>
          new URL(
            files.find(file => file.filename === filename)!.url,
            base,
          ).toString(),
      };
    };
    const html = async (name: string) =>
      (await fetch(`${test.url}/default/simple/${name}/`)).text();
    const statuses = async (name: string) =>
      (await api('GET', pkg(name))).body.versions.map(
        (v: { version: string; status: string }) => `${v.version}:${v.status}`,
      );

    describe('disable and enable', () => {
      it('requires a reason to disable', async () => {
        await publish({ name: 'dis-reason', version: '1.1' });
        for (const body of [
          undefined,
          {},
          { reason: '' },
          { reason: '   ' },
          { reason: 5 },
          { reason: 'x'.repeat(1001) },
        ]) {
          const response = await api(
            'POST',
            pkg('dis-reason', '/versions/1.1/disable'),
            { body },
          );
          expect(response.status).toBe(400);
        }
        expect(await statuses('dis-reason')).toEqual(['1.1:active']);
        expect(
          (
            await api('POST', pkg('dis-reason', '/versions/2.2/disable'), {
              body: { reason: 'x' },
            })
          ).status,
        ).toBe(404);
      });

      it('blocks the files of a disabled version with 403 and the reason, and lists them as yanked with the reason', async () => {
        const wheel = path.basename(
          await publish({ name: 'dis-pkg', version: '1.1' }),
        );
        const sdist = path.basename(
          await publish({ name: 'dis-pkg', version: '1.1', sdist: true }),
        );
        const other = path.basename(
          await publish({ name: 'dis-pkg', version: '1.2' }),
        );
        const before = await simple('dis-pkg');
        const wheelUrl = before.url(wheel);
        const reason = 'CVE-2026-1234: remote code execution';

        const started = Date.now();
        const disabled = await api(
          'POST',
          pkg('dis-pkg', '/versions/1.1/disable'),
          { body: { reason } },
        );
        expect(disabled.status).toBe(200);
        expect(disabled.body).toMatchObject({
          version: '1.1',
          status: 'disabled',
          disabled: { by: 'token:manager', reason },
        });
        expect(Date.parse(disabled.body.disabled.at)).toBeGreaterThanOrEqual(
          started - 1000,
        );
        expect(
          (await api('GET', pkg('dis-pkg', '/versions/1.1'), { token: null }))
            .body,
        ).toMatchObject({
          status: 'disabled',
          disabled: { by: 'token:manager', reason },
        });
        expect(await statuses('dis-pkg')).toEqual([
          '1.2:active',
          '1.1:disabled',
        ]);

        const blocked = await fetch(wheelUrl);
        expect(blocked.status).toBe(403);
        expect(blocked.statusText).toContain(reason);
        expect(await blocked.text()).toContain(reason);
        expect((await fetch(`${wheelUrl}.metadata`)).status).toBe(403);
        expect((await fetch(`${wheelUrl}.metadata`)).statusText).toContain(
          reason,
        );
        const after = await simple('dis-pkg');
        expect(after.versions).toEqual(['1.1', '1.2']);
        expect(
          Object.fromEntries(after.files.map(f => [f.filename, f.yanked])),
        ).toEqual({
          [wheel]: `disabled: ${reason}`,
          [sdist]: `disabled: ${reason}`,
          [other]: false,
        });
        const page = await html('dis-pkg');
        expect(page).toMatch(
          new RegExp(
            `data-yanked="disabled: ${reason}">${wheel.replace(/\./g, '\\.')}<`,
          ),
        );
        expect(page).not.toMatch(new RegExp(`data-yanked[^>]*>${other}<`));
        expect((await fetch(after.url(other))).status).toBe(200);

        const enabled = await api(
          'POST',
          pkg('dis-pkg', '/versions/1.1.0/enable'),
        );
        expect(enabled.status).toBe(200);
        expect(enabled.body.status).toBe('active');
        expect(enabled.body.disabled).toBeUndefined();
        expect((await fetch(wheelUrl)).status).toBe(200);
        expect((await simple('dis-pkg')).files.map(f => f.yanked)).toEqual([
          false,
          false,
          false,
        ]);
        const again = await api('POST', pkg('dis-pkg', '/versions/1.1/enable'));
        expect(again.status).toBe(409);
        expect(again.body.error.message).toMatch(/not disabled/);
      });

      it('keeps a project in the index, yanked, when its only version is disabled', async () => {
        await publish({ name: 'dis-only', version: '3.1' });
        expect(
          (
            await api('POST', pkg('dis-only', '/versions/latest/disable'), {
              body: { reason: 'bad' },
            })
          ).status,
        ).toBe(200);
        const page = await simple('dis-only');
        expect(page.versions).toEqual(['3.1']);
        expect(page.files.map(file => file.yanked)).toEqual(['disabled: bad']);
        expect(
          await (await fetch(`${test.url}/default/simple/`)).text(),
        ).toContain('dis-only');
        expect((await api('GET', pkg('dis-only'))).body.versions).toEqual([
          expect.objectContaining({ status: 'disabled' }),
        ]);
      });
    });

    describe('yank and unyank', () => {
      it('marks files yanked in the JSON and HTML index, keeping them installable', async () => {
        const wheel = path.basename(
          await publish({ name: 'yank-pkg', version: '1.1' }),
        );
        await publish({ name: 'yank-pkg', version: '1.2' });
        const yanked = await api(
          'POST',
          pkg('yank-pkg', '/versions/1.1/yank'),
          { body: { reason: 'broken <build> & co' } },
        );
        expect(yanked.status).toBe(200);
        expect(yanked.body).toMatchObject({
          yanked: true,
          yankedReason: 'broken <build> & co',
          status: 'active',
        });
        const index = await simple('yank-pkg');
        expect(index.files.find(file => file.filename === wheel)!.yanked).toBe(
          'broken <build> & co',
        );
        expect(
          index.files
            .filter(file => file.filename !== wheel)
            .map(file => file.yanked),
        ).toEqual([false]);
        expect(await html('yank-pkg')).toMatch(
          /data-yanked="broken &lt;build&gt; &amp; co"[^>]*>yank_pkg-1\.1-py3/,
        );
        expect((await fetch(index.url(wheel))).status).toBe(200);

        const unyanked = await api(
          'POST',
          pkg('yank-pkg', '/versions/1.1/unyank'),
        );
        expect(unyanked.body).toMatchObject({ yanked: false });
        expect(
          (await simple('yank-pkg')).files.every(file => file.yanked === false),
        ).toBe(true);
        expect(await html('yank-pkg')).not.toContain('data-yanked');
        expect(
          (await api('POST', pkg('yank-pkg', '/versions/1.1/unyank'))).status,
        ).toBe(409);

        expect(
          (await api('POST', pkg('yank-pkg', '/versions/1.2/yank'))).status,
        ).toBe(200);
        expect(
          (await simple('yank-pkg')).files.find(file =>
            file.filename.includes('-1.2-'),
          )!.yanked,
        ).toBe(true);
        expect(await html('yank-pkg')).toContain('data-yanked=""');
      });
    });

    describe('delete, recycle bin, restore and purge', () => {
      it('moves a version to the recycle bin, refuses uploads to it, and restores it', async () => {
        const wheelFile = await publish({ name: 'del-pkg', version: '1.1' });
        const sdistFile = await publish({
          name: 'del-pkg',
          version: '1.1',
          sdist: true,
        });
        await publish({ name: 'del-pkg', version: '1.2' });
        const wheel = path.basename(wheelFile);
        const wheelUrl = (await simple('del-pkg')).url(wheel);

        const deleted = await api('DELETE', pkg('del-pkg', '/versions/1.1'), {
          body: { reason: 'published by mistake' },
        });
        expect(deleted.status).toBe(200);
        // As every command on a version: the version as it left it, here in the recycle bin.
        expect(deleted.body).toMatchObject({
          project: { name: 'del-pkg' },
          version: '1.1',
          status: 'deleted',
          deleted: { by: 'token:manager', reason: 'published by mistake' },
        });
        expect(await statuses('del-pkg')).toEqual(['1.2:active']);
        expect((await api('GET', pkg('del-pkg'))).body).toMatchObject({
          latestVersion: '1.2',
          versionCount: 1,
        });
        expect((await api('GET', pkg('del-pkg', '/versions/1.1'))).status).toBe(
          404,
        );
        expect((await simple('del-pkg')).versions).toEqual(['1.2']);
        expect(await html('del-pkg')).not.toContain(wheel);
        expect((await fetch(wheelUrl)).status).toBe(404);
        expect(fs.existsSync(blobPath(wheelFile))).toBe(true);

        const bin = await api('GET', '/repositories/default/recycle-bin', {
          token: test.tokens.reader,
        });
        expect(bin.status).toBe(200);
        expect(bin.body.retentionDays).toBe(30);
        const entry = bin.body.items.find(
          (item: { project: string }) => item.project === 'del-pkg',
        );
        expect(entry).toMatchObject({
          project: 'del-pkg',
          version: '1.1',
          deletedBy: 'token:manager',
          reason: 'published by mistake',
          fileCount: 2,
          size: fs.statSync(wheelFile).size + fs.statSync(sdistFile).size,
          daysLeft: 30,
        });
        expect(Date.parse(entry.purgeAt) - Date.parse(entry.deletedAt)).toBe(
          30 * 86_400_000,
        );

        const refused = await uploadFile(
          test,
          build({ name: 'del-pkg', version: '1.1', summary: 'again' }),
          { fields: { name: 'del-pkg' } },
        );
        // Not 409 and no "already exist": twine --skip-existing would report it skipped.
        expect(refused.status).toBe(400);
        expect(refused.statusText).toMatch(/recycle bin/);
        expect(refused.statusText).not.toMatch(/already exist/i);
        expect(
          (await api('DELETE', pkg('del-pkg', '/versions/1.1'))).status,
        ).toBe(404);

        const restored = await api(
          'POST',
          '/repositories/default/recycle-bin/del-pkg/1.1.0/restore',
        );
        expect(restored.status).toBe(200);
        expect(restored.body).toMatchObject({
          version: '1.1',
          status: 'active',
          fileCount: 2,
        });
        expect(await statuses('del-pkg')).toEqual(['1.2:active', '1.1:active']);
        expect((await fetch(wheelUrl)).status).toBe(200);
        expect((await simple('del-pkg')).versions).toEqual(['1.1', '1.2']);
        const binAfter = await api('GET', '/repositories/default/recycle-bin');
        expect(
          binAfter.body.items.filter(
            (item: { project: string }) => item.project === 'del-pkg',
          ),
        ).toEqual([]);
        expect(
          (
            await api(
              'POST',
              '/repositories/default/recycle-bin/del-pkg/1.1/restore',
            )
          ).status,
        ).toBe(404);
      });

      it('purges a version for good, removing blobs nothing else uses', async () => {
        const wheel = await publish({ name: 'purge-pkg', version: '1.1' });
        const sdist = await publish({
          name: 'purge-pkg',
          version: '1.1',
          sdist: true,
        });
        await publish({ name: 'purge-pkg', version: '1.2' });
        // The same sdist bytes in another repository share its blob.
        expect(
          (
            await uploadFile(test, sdist, {
              repository: 'private',
              fields: { name: 'purge-pkg' },
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await api(
              'DELETE',
              '/repositories/default/recycle-bin/purge-pkg/1.1',
              { token: test.tokens.admin },
            )
          ).status,
        ).toBe(404);

        expect(
          (
            await api(
              'DELETE',
              pkg('purge-pkg', '/versions/1.1?reason=obsolete'),
            )
          ).status,
        ).toBe(200);
        const bin = (await api('GET', '/repositories/default/recycle-bin')).body
          .items;
        expect(
          bin.find((item: { project: string }) => item.project === 'purge-pkg'),
        ).toMatchObject({ reason: 'obsolete' });
        // Purging loses data for good: admins only, never a manage token.
        const refused = await api(
          'DELETE',
          '/repositories/default/recycle-bin/purge-pkg/1.1',
        );
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toMatch(/lacks the admin scope/);
        const purged = await api(
          'DELETE',
          '/repositories/default/recycle-bin/purge-pkg/1.1',
          { token: test.tokens.admin },
        );
        expect(purged.status).toBe(200);
        expect(purged.body).toEqual({
          purged: [{ project: 'purge-pkg', version: '1.1' }],
        });

        expect(fs.existsSync(blobPath(wheel))).toBe(false);
        expect(fs.existsSync(blobPath(sdist))).toBe(true);
        const privatePage = await fetch(
          `${test.url}/private/simple/purge-pkg/`,
          {
            headers: {
              accept: SIMPLE_JSON,
              authorization: test.auth(test.tokens.reader),
            },
          },
        );
        const privateFile = (
          (await privatePage.json()) as { files: SimpleFile[] }
        ).files[0];
        const download = await fetch(
          new URL(privateFile.url, `${test.url}/private/simple/purge-pkg/`),
          {
            headers: { authorization: test.auth(test.tokens.reader) },
          },
        );
        expect(download.status).toBe(200);

        const after = (await api('GET', '/repositories/default/recycle-bin'))
          .body.items;
        expect(
          after.filter(
            (item: { project: string }) => item.project === 'purge-pkg',
          ),
        ).toEqual([]);
        expect(
          (
            await api(
              'POST',
              '/repositories/default/recycle-bin/purge-pkg/1.1/restore',
            )
          ).status,
        ).toBe(404);
        expect(await statuses('purge-pkg')).toEqual(['1.2:active']);
        // Gone for good: the version can be uploaded afresh.
        const again = await uploadFile(test, wheel, {
          fields: { name: 'purge-pkg' },
        });
        expect(again.status).toBe(200);
        expect(await again.json()).toMatchObject({ outcome: 'created' });
        expect(fs.existsSync(blobPath(wheel))).toBe(true);
        const audit = (
          await api('GET', '/repositories/default/audit?package=purge-pkg')
        ).body;
        expect(
          audit.map((event: { action: string }) => event.action).slice(0, 3),
        ).toEqual(['upload', 'purge', 'delete']);
      });

      it('purges everything older than a number of days with POST /recycle-bin/purge', async () => {
        const files = [
          await publish({ name: 'bin-a', version: '1.1' }),
          await publish({ name: 'bin-b', version: '1.1' }),
        ];
        await publish({ name: 'bin-b', version: '1.2' });
        expect(
          (await api('DELETE', pkg('bin-a', '/versions/1.1'))).status,
        ).toBe(200);
        expect(
          (await api('DELETE', pkg('bin-b', '/versions/1.1'))).status,
        ).toBe(200);
        for (const body of [
          {},
          { olderThanDays: -1 },
          { olderThanDays: 'soon' },
        ]) {
          expect(
            (
              await api('POST', '/repositories/default/recycle-bin/purge', {
                body,
                token: test.tokens.admin,
              })
            ).status,
          ).toBe(400);
        }
        const none = await api(
          'POST',
          '/repositories/default/recycle-bin/purge',
          { body: { olderThanDays: 1 }, token: test.tokens.admin },
        );
        expect(none.body).toEqual({ purged: [] });
        await new Promise(resolve => setTimeout(resolve, 10));

        const all = await api(
          'POST',
          '/repositories/default/recycle-bin/purge',
          { body: { olderThanDays: 0 }, token: test.tokens.admin },
        );
        expect(all.status).toBe(200);
        expect(all.body.purged).toEqual(
          expect.arrayContaining([
            { project: 'bin-a', version: '1.1' },
            { project: 'bin-b', version: '1.1' },
          ]),
        );
        expect(
          (await api('GET', '/repositories/default/recycle-bin')).body.items,
        ).toEqual([]);
        for (const file of files)
          expect(fs.existsSync(blobPath(file))).toBe(false);
        expect((await api('GET', pkg('bin-a'))).status).toBe(404);
        expect(await statuses('bin-b')).toEqual(['1.2:active']);
      });
    });

    describe('audit trail', () => {
      it('records every change with its actor and reason, newest first, per package', async () => {
        await publish({ name: 'aud-pkg', version: '1.1' });
        await publish({ name: 'aud-other', version: '1.1' });
        const steps: [string, string, unknown?][] = [
          ['PATCH', '/versions/1.1/metadata', { set: { ticket: 'OPS-1' } }],
          ['PUT', '/tags/stable', { version: '1.1' }],
          ['POST', '/versions/1.1/disable', { reason: 'security hold' }],
          ['POST', '/versions/1.1/enable'],
          ['POST', '/versions/1.1/yank', { reason: 'superseded' }],
          ['DELETE', '/versions/1.1', { reason: 'cleanup' }],
        ];
        for (const [method, rest, body] of steps)
          expect(
            (await api(method, pkg('aud-pkg', rest), { body })).status,
          ).toBe(200);
        expect(
          (
            await api(
              'POST',
              '/repositories/default/recycle-bin/aud-pkg/1.1/restore',
              { token: test.tokens.admin },
            )
          ).status,
        ).toBe(200);
        expect(
          (await api('DELETE', pkg('aud-pkg', '/tags/stable'))).status,
        ).toBe(200);

        const response = await api(
          'GET',
          '/repositories/default/audit?package=Aud_Pkg',
          { token: null },
        );
        expect(response.status).toBe(200);
        const events = response.body as {
          id: number;
          action: string;
          actor: string;
          reason?: string;
          version: string;
          project: string;
        }[];
        expect(
          events.map(event => [event.action, event.actor, event.reason]),
        ).toEqual([
          ['untag', 'token:manager', undefined],
          ['restore', 'token:admin', undefined],
          ['delete', 'token:manager', 'cleanup'],
          ['yank', 'token:manager', 'superseded'],
          ['enable', 'token:manager', undefined],
          ['disable', 'token:manager', 'security hold'],
          ['tag', 'token:manager', undefined],
          ['metadata', 'token:manager', undefined],
          ['upload', 'token:publisher', undefined],
        ]);
        expect(
          events.every(
            event => event.project === 'aud-pkg' && event.version === '1.1',
          ),
        ).toBe(true);
        expect(response.body[8].details).toMatchObject({
          filename: 'aud_pkg-1.1-py3-none-any.whl',
        });
        expect(response.body[7].details).toEqual({
          set: ['ticket'],
          removed: [],
        });

        const page = await api(
          'GET',
          '/repositories/default/audit?package=aud-pkg&limit=2',
        );
        expect(
          page.body.map((event: { action: string }) => event.action),
        ).toEqual(['untag', 'restore']);
        const next = await api(
          'GET',
          `/repositories/default/audit?package=aud-pkg&limit=2&before=${page.body[1].id}`,
        );
        expect(
          next.body.map((event: { action: string }) => event.action),
        ).toEqual(['delete', 'yank']);
        const everything = (
          await api('GET', '/repositories/default/audit?limit=500')
        ).body;
        expect(
          everything.some(
            (event: { project: string }) => event.project === 'aud-other',
          ),
        ).toBe(true);
        expect(
          (await api('GET', '/repositories/default/audit?limit=0')).status,
        ).toBe(400);
        expect(
          (await api('GET', '/repositories/private/audit', { token: null }))
            .status,
        ).toBe(401);
      });
    });
  },
);
