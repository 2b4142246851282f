import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Principal } from '../auth/AccessPolicy';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TEST_CONFIG,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';
import { RecycleBinCleaner, RETENTION_ACTOR } from './RecycleBinCleaner';

const ADMIN: Principal = {
  type: 'token',
  actor: 'token:test-admin',
  tokenId: 'test-admin',
  scopes: ['admin'],
};

describe.each(TEST_DATABASES)('RecycleBinCleaner on %s', kind => {
  let test: TestServer;
  let work: string;

  beforeAll(async () => {
    test = await startTestServer(kind, { ...TEST_CONFIG, retentionDays: 30 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-cleaner-'));
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const publish = async (repository: string, name: string, version: string) => {
    const file = makeWheel(
      path.join(work, `${repository}-${name}-${version}`),
      {
        name,
        version,
      },
    );
    const response = await uploadFile(test, file, {
      fields: { name },
      repository,
    });
    expect(response.status).toBe(200);
  };
  const management = () => test.server.registry.management;
  const remove = (repository: string, name: string, version: string) =>
    management().versionStates.delete({
      repository,
      name,
      version,
      principal: ADMIN,
    });
  const binOf = async (repository: string) =>
    (await management().recycleBin.list(repository)).items.map(
      item => `${item.project} ${item.version}`,
    );

  it('purges, in every repository, the versions deleted before the retention period and nothing else', async () => {
    await publish('default', 'clean-a', '1.0');
    await publish('default', 'clean-a', '2.0');
    await publish('private', 'clean-b', '1.0');
    await publish('private', 'clean-b', '2.0');
    await remove('default', 'clean-a', '1.0');
    await remove('private', 'clean-b', '1.0');
    await remove('private', 'clean-b', '2.0');
    await management().versionStates.restore({
      repository: 'private',
      name: 'clean-b',
      version: '2.0',
      principal: ADMIN,
    });
    const messages: string[] = [];
    const cleaner = (retentionDays: number) =>
      new RecycleBinCleaner({
        recycleBin: management().recycleBin,
        repositories: () => ['default', 'private'],
        retentionDays,
        log: message => messages.push(message),
      });

    // Deleted just now: inside a 30-day retention, nothing goes.
    expect(await cleaner(30).run()).toBe(0);
    expect(await binOf('default')).toEqual(['clean-a 1.0']);
    expect(messages).toEqual([]);

    await new Promise(resolve => setTimeout(resolve, 10));
    expect(await cleaner(0).run()).toBe(2);
    expect(await binOf('default')).toEqual([]);
    expect(await binOf('private')).toEqual([]);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain('private');
    // The restored version and the ones never deleted are untouched.
    for (const [repository, name, version] of [
      ['default', 'clean-a', '2.0'],
      ['private', 'clean-b', '1.0'],
      ['private', 'clean-b', '2.0'],
    ] as const) {
      const found = await management()
        .getVersion(repository, name, version)
        .then(
          () => true,
          () => false,
        );
      expect([repository, name, version, found]).toEqual([
        repository,
        name,
        version,
        !(repository === 'private' && version === '1.0'),
      ]);
    }
    const trail = await management().auditTrail({
      repository: 'default',
      name: 'clean-a',
    });
    expect(trail.map(event => [event.action, event.actor])).toEqual(
      expect.arrayContaining([['purge', RETENTION_ACTOR]]),
    );
    // Nothing left: a second run purges nothing.
    expect(await cleaner(0).run()).toBe(0);
  });
});
