import { migrateDatabase } from '../db/createDatabase';
import { ConflictError, InputError } from '../errors';
import {
  createTestDatabase,
  TEST_DATABASES,
  TestDatabase,
} from '../__testutils__/databases';
import { DatabaseProjectStore } from './DatabaseProjectStore';
import { NewFile, VersionStateConflict } from './ProjectStore';

function newFile(
  overrides: {
    project?: string;
    version?: string;
    filename?: string;
    sha256?: string;
    size?: number;
  } = {},
): NewFile {
  const project = overrides.project ?? 'demo';
  const version = overrides.version ?? '1.0.0';
  const sha256 = overrides.sha256 ?? 'a'.repeat(64);
  return {
    repository: 'default',
    project,
    displayName: project,
    version,
    canonical: version,
    summary: `${project} ${version}`,
    file: {
      filename: overrides.filename ?? `${project}-${version}-py3-none-any.whl`,
      filetype: 'bdist_wheel',
      size: overrides.size ?? 100,
      sha256,
      blake2_256: 'b'.repeat(64),
      md5: 'c'.repeat(32),
      metadataSha256: 'd'.repeat(64),
      uploadedBy: 'tester',
      uploadedAt: new Date().toISOString(),
    },
  };
}

describe.each(TEST_DATABASES)('DatabaseProjectStore on %s', kind => {
  let database: TestDatabase;
  let store: DatabaseProjectStore;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await migrateDatabase(database.knex);
    store = new DatabaseProjectStore(database.knex);
    await store.syncRepositories([
      { name: 'default', anonymousRead: true },
      { name: 'other', anonymousRead: false },
    ]);
  });
  afterEach(() => database.cleanup());

  it('creates project, version and file, and answers identical for the same bytes', async () => {
    const first = await store.addFile(newFile());
    expect(first.outcome).toBe('created');
    expect(first.location.project).toMatchObject({
      name: 'demo',
      latestVersion: '1.0.0',
      versionCount: 1,
      totalSize: 100,
    });
    const again = await store.addFile(newFile());
    expect(again.outcome).toBe('identical');
    expect(again.location.file.id).toBe(first.location.file.id);
  });

  it('refuses other bytes under an existing filename without changing anything', async () => {
    await store.addFile(newFile());
    await expect(
      store.addFile(newFile({ sha256: 'f'.repeat(64) })),
    ).rejects.toThrow(ConflictError);
    const listing = await store.getProjectListing('default', 'demo');
    expect(listing!.files.map(file => file.sha256)).toEqual(['a'.repeat(64)]);
  });

  it('keeps repositories apart: the same filename may live in two repositories', async () => {
    await store.addFile(newFile());
    await store.addFile({
      ...newFile({ sha256: 'e'.repeat(64) }),
      repository: 'other',
    });
    expect(await store.listIndexedProjects('other')).toEqual([
      { name: 'demo', displayName: 'demo' },
    ]);
    expect(
      await store.findFile(
        'default',
        'e'.repeat(64),
        'demo-1.0.0-py3-none-any.whl',
      ),
    ).toBeUndefined();
  });

  it('refuses uploads to a version in the recycle bin, naming the bin', async () => {
    const { location } = await store.addFile(newFile());
    await store.changeVersionState({
      versionId: location.version.id,
      transition: 'delete',
      change: {
        at: new Date().toISOString(),
        by: 'x',
      },
    });
    await expect(
      store.addFile(
        newFile({ filename: 'demo-1.0.0.tar.gz', sha256: '1'.repeat(64) }),
      ),
    ).rejects.toThrow(/recycle bin/);
    // The failed upload left no row behind.
    const listing = await store.getProjectListing('default', 'demo', {
      includeDeleted: true,
    });
    expect(listing!.files).toHaveLength(1);
  });

  it('lists only projects with an installable version in the index', async () => {
    const a = await store.addFile(newFile({ project: 'alpha' }));
    await store.addFile(newFile({ project: 'beta', sha256: '2'.repeat(64) }));
    await store.changeVersionState({
      versionId: a.location.version.id,
      transition: 'disable',
      change: {
        at: new Date().toISOString(),
        reason: 'broken',
      },
    });
    expect(
      (await store.listIndexedProjects('default')).map(project => project.name),
    ).toEqual(['beta']);
    await store.changeVersionState({
      versionId: a.location.version.id,
      transition: 'enable',
    });
    expect(
      (await store.listIndexedProjects('default')).map(project => project.name),
    ).toEqual(['alpha', 'beta']);
  });

  it('keeps latest version and counts current across deletes, sorted by PEP 440', async () => {
    for (const [index, version] of [
      '1.0.0',
      '1.10.0',
      '1.9.0',
      '2.0.0rc1',
    ].entries()) {
      await store.addFile(
        newFile({ version, sha256: String(index).repeat(64) }),
      );
    }
    let project = await store.getProject('default', 'demo');
    // Latest is what pip installs: the newest final release, with the newer pre-release beside it.
    expect(project).toMatchObject({
      latestVersion: '1.10.0',
      latestPrerelease: '2.0.0rc1',
      versionCount: 4,
      totalSize: 400,
    });
    const listing = await store.getProjectListing('default', 'demo');
    expect(listing!.versions.map(version => version.canonical)).toEqual([
      '1.0.0',
      '1.9.0',
      '1.10.0',
      '2.0.0rc1',
    ]);
    await store.changeVersionState({
      versionId: listing!.versions[3].id,
      transition: 'delete',
      change: {
        at: new Date().toISOString(),
      },
    });
    project = await store.getProject('default', 'demo');
    expect(project).toMatchObject({
      latestVersion: '1.10.0',
      versionCount: 3,
      totalSize: 300,
    });
    expect(project!.latestPrerelease).toBeUndefined();
    // Disabling or yanking the latest moves it to the next final release.
    await store.changeVersionState({
      versionId: listing!.versions[2].id,
      transition: 'disable',
      change: {
        at: new Date().toISOString(),
        reason: 'broken',
      },
    });
    expect((await store.getProject('default', 'demo'))!.latestVersion).toBe(
      '1.9.0',
    );
    await store.changeVersionState({
      versionId: listing!.versions[1].id,
      transition: 'yank',
      change: {
        at: new Date().toISOString(),
      },
    });
    expect((await store.getProject('default', 'demo'))!.latestVersion).toBe(
      '1.0.0',
    );
  });

  it('lists projects with search, sorting and pagination', async () => {
    const specs = [
      { project: 'requests-helper', version: '2.0.0', size: 300 },
      { project: 'numpy-extras', version: '10.0.0', size: 100 },
      { project: 'my_lib', version: '1.5.0', size: 200 },
    ];
    for (const [index, spec] of specs.entries()) {
      await store.addFile(
        newFile({
          ...spec,
          project: spec.project.replace(/_/g, '-'),
          sha256: String(index).repeat(64),
        }),
      );
    }
    const byName = await store.listProjectPage({
      repository: 'default',
      offset: 0,
      limit: 10,
    });
    expect(byName.items.map(item => item.name)).toEqual([
      'my-lib',
      'numpy-extras',
      'requests-helper',
    ]);
    expect(byName.total).toBe(3);
    const search = await store.listProjectPage({
      repository: 'default',
      search: 'My_Lib',
      offset: 0,
      limit: 10,
    });
    expect(search.items.map(item => item.name)).toEqual(['my-lib']);
    const bySize = await store.listProjectPage({
      repository: 'default',
      sort: 'size',
      order: 'desc',
      offset: 0,
      limit: 2,
    });
    expect(bySize.items.map(item => item.name)).toEqual([
      'requests-helper',
      'my-lib',
    ]);
    expect(bySize.total).toBe(3);
    const byLatest = await store.listProjectPage({
      repository: 'default',
      sort: 'latest',
      order: 'desc',
      offset: 0,
      limit: 10,
    });
    expect(byLatest.items.map(item => item.latestVersion)).toEqual([
      '10.0.0',
      '2.0.0',
      '1.5.0',
    ]);
    for (const [index, version] of [
      '10.0.0rc1',
      '10.0.0.post1',
      '10.0.0.dev3',
    ].entries()) {
      await store.addFile(
        newFile({
          project: `phase-${index}`,
          version,
          sha256: String(index + 5).repeat(64),
        }),
      );
    }
    const phases = await store.listProjectPage({
      repository: 'default',
      search: 'phase',
      sort: 'latest',
      order: 'asc',
      offset: 0,
      limit: 10,
    });
    expect(phases.items.map(item => item.latestVersion)).toEqual([
      '10.0.0.dev3',
      '10.0.0rc1',
      '10.0.0.post1',
    ]);
    const page2 = await store.listProjectPage({
      repository: 'default',
      search: 'e',
      offset: 1,
      limit: 1,
    });
    expect(page2.items.map(item => item.name)).toEqual(['phase-0']);
    const wildcard = await store.listProjectPage({
      repository: 'default',
      search: '%',
      offset: 0,
      limit: 10,
    });
    expect(wildcard.total).toBe(0);
  });

  it('updates custom metadata atomically and enforces the entry limit', async () => {
    const { location } = await store.addFile(newFile());
    const versionId = location.version.id;
    await store.updateCustomMetadata(versionId, {
      set: { build: '42', commit: 'abc' },
      remove: [],
      maxEntries: 3,
    });
    const changed = await store.updateCustomMetadata(versionId, {
      set: { build: '43' },
      remove: ['commit'],
      maxEntries: 3,
    });
    expect(changed.map(entry => [entry.key, entry.value])).toEqual([
      ['build', '43'],
    ]);
    await expect(
      store.updateCustomMetadata(versionId, {
        set: { a: '1', b: '2', c: '3' },
        remove: [],
        maxEntries: 3,
      }),
    ).rejects.toThrow(InputError);
    // Nothing of the refused change was kept.
    expect(
      (await store.getCustomMetadata(versionId)).map(entry => entry.key),
    ).toEqual(['build']);
  });

  it('moves a tag from one version to another', async () => {
    const one = await store.addFile(
      newFile({ version: '1.0.0', sha256: '1'.repeat(64) }),
    );
    const two = await store.addFile(
      newFile({ version: '2.0.0', sha256: '2'.repeat(64) }),
    );
    const projectId = one.location.project.id;
    await store.setTag(projectId, 'stable', one.location.version.id, 'me');
    await store.setTag(projectId, 'stable', two.location.version.id, 'me');
    expect(
      (await store.listTags(projectId)).map(tag => [tag.tag, tag.version]),
    ).toEqual([['stable', '2.0.0']]);
    expect(await store.removeTag(projectId, 'stable')).toBe(true);
    expect(await store.removeTag(projectId, 'stable')).toBe(false);
  });

  it('adds download counts per file and per day and rolls them up', async () => {
    const { location } = await store.addFile(newFile());
    await store.addDownloadCounts([
      { fileId: location.file.id, day: '2026-11-01', count: 2 },
      { fileId: location.file.id, day: '2026-11-02', count: 1 },
    ]);
    await store.addDownloadCounts([
      { fileId: location.file.id, day: '2026-11-02', count: 4 },
    ]);
    expect(
      await store.downloadCountsByDay({
        projectId: location.project.id,
        since: '2026-11-01',
      }),
    ).toEqual([
      { day: '2026-11-01', count: 2 },
      { day: '2026-11-02', count: 5 },
    ]);
    expect(await store.getProject('default', 'demo')).toMatchObject({
      totalDownloads: 7,
    });
  });

  it('writes a large batch of counts in chunks, with totals as a full recount gives them', async () => {
    const files: { id: number; projectId: number; versionId: number }[] = [];
    // More files than one chunk of the batched writes (400).
    for (const [p, project] of ['alpha', 'beta', 'gamma'].entries()) {
      for (let index = 0; index < 140; index++) {
        const version = `1.${index}`;
        const { location } = await store.addFile(
          newFile({
            project,
            version,
            sha256: `${'abc'[p]}${String(index).padStart(63, '0')}`,
          }),
        );
        files.push({
          id: location.file.id,
          projectId: location.project.id,
          versionId: location.version.id,
        });
      }
    }
    // A version in the recycle bin: its file's downloads stay on the file but leave the project's total.
    const binned = files[5];
    await store.changeVersionState({
      versionId: binned.versionId,
      transition: 'delete',
      change: {
        at: new Date().toISOString(),
        by: 'me',
      },
    });
    // A version purged after its downloads were counted: those counts are dropped, the rest still written.
    const purged = files[10];
    await store.changeVersionState({
      versionId: purged.versionId,
      transition: 'delete',
    });
    await store.purgeVersion({ versionId: purged.versionId });

    const batch = files.flatMap((file, index) => [
      { fileId: file.id, day: '2026-11-01', count: 1 + (index % 3) },
      { fileId: file.id, day: '2026-11-02', count: 1 },
    ]);
    // Two batches at once (two replicas flushing) must neither deadlock nor lose counts.
    await Promise.all([
      store.addDownloadCounts(batch),
      store.addDownloadCounts([...batch].reverse()),
    ]);

    const counts = await database
      .knex('wh_download_counts')
      .sum({ total: 'count' })
      .first();
    const expectedPerFile = (index: number) => 2 * (2 + (index % 3));
    const live = files
      .map((file, index) => ({ ...file, expected: expectedPerFile(index) }))
      .filter(file => file.id !== purged.id);
    expect(Number(counts!.total)).toBe(
      live.reduce((sum, file) => sum + file.expected, 0),
    );
    const fileRows = await database.knex('wh_files').select('id', 'downloads');
    const downloads = new Map(
      fileRows.map(row => [Number(row.id), Number(row.downloads)]),
    );
    for (const file of live)
      expect([file.id, downloads.get(file.id)]).toEqual([
        file.id,
        file.expected,
      ]);
    for (const project of ['alpha', 'beta', 'gamma']) {
      const record = await store.getProject('default', project);
      const expected = live
        .filter(file => file.projectId === record!.id && file.id !== binned.id)
        .reduce((sum, file) => sum + file.expected, 0);
      expect([project, record!.totalDownloads]).toEqual([project, expected]);
    }
  });

  it('purges only a version in the recycle bin, conditionally, and reports the blob keys of its files', async () => {
    const shared = 'a'.repeat(64);
    const one = await store.addFile(
      newFile({ version: '1.0.0', sha256: shared }),
    );
    const versionId = one.location.version.id;
    // Not in the recycle bin: nothing is removed.
    await expect(store.purgeVersion({ versionId })).rejects.toBeInstanceOf(
      VersionStateConflict,
    );
    await store.changeVersionState({ versionId, transition: 'delete' });
    // Deleted after the cutoff: a retention purge leaves it.
    await expect(
      store.purgeVersion({ versionId, deletedBefore: '2000-01-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(VersionStateConflict);
    expect(await store.purgeVersion({ versionId })).toEqual(
      expect.arrayContaining([shared, 'd'.repeat(64)]),
    );
    expect(await store.getProjectListing('default', 'demo')).toMatchObject({
      versions: [],
      files: [],
    });
    // Gone: restoring or purging it again is a conflict that says so (no current version).
    const conflict = await store
      .changeVersionState({ versionId, transition: 'restore' })
      .catch(error => error);
    expect(conflict).toBeInstanceOf(VersionStateConflict);
    expect(conflict.current).toBeUndefined();
  });

  it('changes a state only from the state the change starts from', async () => {
    const { location } = await store.addFile(newFile({ version: '1.0.0' }));
    const versionId = location.version.id;
    await expect(
      store.changeVersionState({ versionId, transition: 'enable' }),
    ).rejects.toBeInstanceOf(VersionStateConflict);
    await store.changeVersionState({ versionId, transition: 'delete' });
    const conflict = await store
      .changeVersionState({ versionId, transition: 'delete' })
      .catch(error => error);
    expect(conflict).toBeInstanceOf(VersionStateConflict);
    expect(conflict.current.deleted).toBeDefined();
    await store.changeVersionState({ versionId, transition: 'restore' });
    await expect(
      store.changeVersionState({ versionId, transition: 'restore' }),
    ).rejects.toBeInstanceOf(VersionStateConflict);
  });

  it('lets exactly one of many concurrent uploads of a filename create it', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        store.addFile(
          newFile({ sha256: index % 2 ? 'a'.repeat(64) : 'b'.repeat(64) }),
        ),
      ),
    );
    const created = results.filter(
      result =>
        result.status === 'fulfilled' && result.value.outcome === 'created',
    );
    expect(created).toHaveLength(1);
    const listing = await store.getProjectListing('default', 'demo');
    expect(listing!.files).toHaveLength(1);
    // Every other upload is a conflict, and every success is the stored file.
    const unexpected = results.filter(result =>
      result.status === 'rejected'
        ? !(result.reason instanceof ConflictError)
        : result.value.location.file.sha256 !== listing!.files[0].sha256,
    );
    expect(unexpected).toEqual([]);
  });
});
