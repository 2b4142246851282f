import { FileLocation } from '../store/types';
import { FileIndex } from './FileIndex';

/** A location as the database would give it; `disabled` marks its version disabled. */
function location(project: string, disabled = false): FileLocation {
  return {
    file: { id: 1, repository: 'r', sha256: 'a'.repeat(64), filename: 'f.whl' },
    version: {
      version: '1.0',
      disabled: disabled ? { at: 'now', reason: 'broken' } : undefined,
    },
    project: { name: project, displayName: project },
  } as unknown as FileLocation;
}

describe('FileIndex', () => {
  it('looks a file up once, and again after a change to its project (not to another)', async () => {
    let state = location('p');
    const find = jest.fn(async () => state);
    const index = new FileIndex({ find });
    const first = await index.find('r', 'a'.repeat(64), 'f.whl');
    expect(await index.find('r', 'a'.repeat(64), 'f.whl')).toBe(first);
    expect(find).toHaveBeenCalledTimes(1);
    index.apply({ type: 'project', repository: 'r', project: 'other' });
    expect(await index.find('r', 'a'.repeat(64), 'f.whl')).toBe(first);
    state = location('p', true);
    index.apply({ type: 'project', repository: 'r', project: 'p' });
    expect(first!.live).toBe(false);
    const second = await index.find('r', 'a'.repeat(64), 'f.whl');
    expect(find).toHaveBeenCalledTimes(2);
    expect(second!.refusal?.message).toMatch(/disabled: broken/);
  });

  it('does not keep what a lookup read while a change was published, and hands it out as no longer live', async () => {
    let release: (value: FileLocation) => void = () => undefined;
    const find = jest.fn(
      () => new Promise<FileLocation>(resolve => (release = resolve)),
    );
    const index = new FileIndex({ find });
    const pending = index.find('r', 'a'.repeat(64), 'f.whl');
    index.apply({ type: 'project', repository: 'r', project: 'p' });
    release(location('p'));
    const entry = await pending;
    expect(entry!.live).toBe(false);
    expect(index.size).toBe(0);
    find.mockImplementation(async () => location('p'));
    expect((await index.find('r', 'a'.repeat(64), 'f.whl'))!.live).toBe(true);
    index.apply({ type: 'all' });
    expect(index.size).toBe(0);
  });

  it('drops entries past their TTL and past the entry limit, oldest first', async () => {
    let clock = 0;
    const index = new FileIndex({
      find: async (_repository, sha256, filename) => ({
        ...location('p'),
        file: { ...location('p').file, sha256, filename },
      }),
      ttlMs: 1000,
      maxEntries: 2,
      now: () => clock,
    });
    await index.find('r', 'a'.repeat(64), 'one.whl');
    await index.find('r', 'a'.repeat(64), 'two.whl');
    await index.find('r', 'a'.repeat(64), 'three.whl');
    expect(index.size).toBe(2);
    expect(index.peek('r', 'a'.repeat(64), 'one.whl')).toBeUndefined();
    expect(index.peek('r', 'a'.repeat(64), 'three.whl')).toBeDefined();
    clock = 1000;
    expect(index.peek('r', 'a'.repeat(64), 'three.whl')).toBeUndefined();
  });
});
