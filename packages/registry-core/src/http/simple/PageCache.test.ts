import crypto from 'node:crypto';
import {
  pageOptionsOf,
  PageCache,
  toPage,
  UPSTREAM_VIEW_TTL_MS,
} from './PageCache';

/** A render function that counts its calls and can be held open until released. */
function renderer(body = 'page') {
  let calls = 0;
  let hold = false;
  const waiting: (() => void)[] = [];
  const render = jest.fn(async () => {
    calls += 1;
    const text = `${body} ${calls}`;
    if (hold) await new Promise<void>(resolve => waiting.push(resolve));
    return text;
  });
  return {
    render,
    get calls() {
      return calls;
    },
    holdNext() {
      hold = true;
    },
    release() {
      hold = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

describe('PageCache', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('renders a page once and serves it with the ETag the simple API has always sent', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const page = renderer();
    const first = await cache.get(
      { repository: 'r', project: 'p', format: 'json' },
      page.render,
    );
    const second = await cache.get(
      { repository: 'r', project: 'p', format: 'json' },
      page.render,
    );
    expect(page.calls).toBe(1);
    expect(second).toBe(first);
    expect(first.body.toString()).toBe('page 1');
    const expected = crypto
      .createHash('sha256')
      .update('json')
      .update('page 1')
      .digest('hex')
      .slice(0, 32);
    expect(first.etag).toBe(`"${expected}"`);
    expect(toPage('json', 'page 1')).toEqual(first);
  });

  it('keeps formats, projects, the project list and repositories apart', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const page = renderer();
    const keys = [
      { repository: 'r', format: 'json' },
      { repository: 'r', format: 'text-html' },
      { repository: 'r', project: 'p', format: 'json' },
      { repository: 'r', project: 'q', format: 'json' },
      { repository: 's', project: 'p', format: 'json' },
    ];
    const bodies = [];
    for (const key of keys)
      bodies.push((await cache.get(key, page.render)).body.toString());
    expect(new Set(bodies).size).toBe(keys.length);
    for (const key of keys) await cache.get(key, page.render);
    expect(page.calls).toBe(keys.length);
  });

  it('shares one render among concurrent misses', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const page = renderer();
    page.holdNext();
    const waiting = Array.from({ length: 5 }, () =>
      cache.get({ repository: 'r', format: 'json' }, page.render),
    );
    page.release();
    const pages = await Promise.all(waiting);
    expect(page.calls).toBe(1);
    expect(new Set(pages).size).toBe(1);
  });

  it('drops the pages of a changed project and the repository list, and nothing else', async () => {
    const cache = new PageCache({ ttlMs: 60_000, now });
    const page = renderer();
    const list = { repository: 'r', format: 'json' };
    const changed = { repository: 'r', project: 'p', format: 'json' };
    const changedHtml = { repository: 'r', project: 'p', format: 'text-html' };
    const other = { repository: 'r', project: 'q', format: 'json' };
    const elsewhere = { repository: 's', project: 'p', format: 'json' };
    const before = new Map<unknown, string>();
    for (const key of [list, changed, changedHtml, other, elsewhere])
      before.set(key, (await cache.get(key, page.render)).body.toString());

    cache.invalidate('r', 'p');
    for (const key of [list, changed, changedHtml]) {
      expect((await cache.get(key, page.render)).body.toString()).not.toBe(
        before.get(key),
      );
    }
    for (const key of [other, elsewhere])
      expect((await cache.get(key, page.render)).body.toString()).toBe(
        before.get(key),
      );

    // Without a project: the whole repository.
    const calls = page.calls;
    cache.invalidate('r');
    for (const key of [list, changed, other]) await cache.get(key, page.render);
    await cache.get(elsewhere, page.render);
    expect(page.calls).toBe(calls + 3);
  });

  it('does not keep a page whose render started before an invalidation', async () => {
    const cache = new PageCache({ ttlMs: 60_000, now });
    const page = renderer();
    const key = { repository: 'r', project: 'p', format: 'json' };
    page.holdNext();
    const stale = cache.get(key, page.render);
    // The change lands while the old render is still reading: a request after it must not see the old render.
    cache.invalidate('r', 'p');
    const fresh = cache.get(key, page.render);
    page.release();
    expect((await stale).body.toString()).toBe('page 1');
    expect((await fresh).body.toString()).toBe('page 2');
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 2');
    expect(page.calls).toBe(2);
  });

  it('renders again once the TTL has passed, bounding how stale a page changed elsewhere can be', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const page = renderer();
    const key = { repository: 'r', format: 'json' };
    await cache.get(key, page.render);
    clock += 1999;
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 1');
    clock += 1;
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 2');
    clock += 1000;
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 2');
  });

  it("keeps a page no longer than its caller's TTL when that is shorter (pages showing an upstream), never longer", async () => {
    const cache = new PageCache({ ttlMs: 60_000, now });
    const upstreamView = renderer('view');
    const hosted = renderer('hosted');
    const viewKey = { repository: 'proxy', format: 'json' };
    const hostedKey = { repository: 'hosted', format: 'json' };
    const short = { ttlMs: 2000 };
    await cache.get(viewKey, upstreamView.render, short);
    await cache.get(hostedKey, hosted.render);
    clock += 1999;
    expect(
      (await cache.get(viewKey, upstreamView.render, short)).body.toString(),
    ).toBe('view 1');
    clock += 1;
    expect(
      (await cache.get(viewKey, upstreamView.render, short)).body.toString(),
    ).toBe('view 2');
    clock += 57_999;
    expect((await cache.get(hostedKey, hosted.render)).body.toString()).toBe(
      'hosted 1',
    );
    clock += 1;
    expect((await cache.get(hostedKey, hosted.render)).body.toString()).toBe(
      'hosted 2',
    );
    const capped = new PageCache({ ttlMs: 1000, now });
    await capped.get(viewKey, upstreamView.render, short);
    clock += 1000;
    expect(
      (await capped.get(viewKey, upstreamView.render, short)).body.toString(),
    ).toBe('view 4');
  });

  it("keeps hosted pages for the cache's TTL and pages showing an upstream (proxy, virtual) for UPSTREAM_VIEW_TTL_MS", () => {
    expect(pageOptionsOf({})).toEqual({});
    expect(pageOptionsOf({ kind: 'hosted' })).toEqual({});
    expect(pageOptionsOf({ kind: 'proxy' })).toEqual({
      ttlMs: UPSTREAM_VIEW_TTL_MS,
    });
    expect(pageOptionsOf({ kind: 'virtual' })).toEqual({
      ttlMs: UPSTREAM_VIEW_TTL_MS,
    });
  });

  it('counts the TTL from the start of the render, which is when the page read the database', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const page = renderer();
    const key = { repository: 'r', project: 'slow', format: 'json' };
    page.holdNext();
    const first = cache.get(key, page.render);
    clock += 1500;
    page.release();
    await first;
    clock += 499;
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 1');
    clock += 1;
    expect((await cache.get(key, page.render)).body.toString()).toBe('page 2');
  });

  it('does not cache with a TTL of 0', async () => {
    const cache = new PageCache({ ttlMs: 0, now });
    const page = renderer();
    const key = { repository: 'r', format: 'json' };
    const first = await cache.get(key, page.render);
    const second = await cache.get(key, page.render);
    expect(page.calls).toBe(2);
    expect(second.etag).not.toBe(first.etag);
    expect(cache.size).toBe(0);
  });

  it('does not cache failures', async () => {
    const cache = new PageCache({ ttlMs: 2000, now });
    const key = { repository: 'r', project: 'missing', format: 'json' };
    const failing = jest.fn(async () => {
      throw new Error('Project missing not found');
    });
    await expect(cache.get(key, failing)).rejects.toThrow('not found');
    await expect(cache.get(key, failing)).rejects.toThrow('not found');
    expect(failing).toHaveBeenCalledTimes(2);
    expect(
      (await cache.get(key, async () => 'now it exists')).body.toString(),
    ).toBe('now it exists');
  });

  it('stays within its memory bound, evicting the least recently used pages', async () => {
    const cache = new PageCache({ ttlMs: 60_000, maxBytes: 300, now });
    const body = (name: string) => async () => name.padEnd(100, '.');
    await cache.get(
      { repository: 'r', project: 'a', format: 'json' },
      body('a'),
    );
    await cache.get(
      { repository: 'r', project: 'b', format: 'json' },
      body('b'),
    );
    await cache.get(
      { repository: 'r', project: 'c', format: 'json' },
      body('c'),
    );
    // a is used again, so b is now the least recently used.
    await cache.get(
      { repository: 'r', project: 'a', format: 'json' },
      body('a again'),
    );
    await cache.get(
      { repository: 'r', project: 'd', format: 'json' },
      body('d'),
    );
    expect(cache.size).toBe(300);
    const again = jest.fn(body('b again'));
    await cache.get({ repository: 'r', project: 'b', format: 'json' }, again);
    expect(again).toHaveBeenCalledTimes(1);
    const kept = jest.fn(body('a third time'));
    expect(
      (
        await cache.get({ repository: 'r', project: 'a', format: 'json' }, kept)
      ).body.toString(),
    ).toMatch(/^a\./);
    expect(kept).not.toHaveBeenCalled();
    // A page larger than the whole cache is served but not kept.
    const huge = jest.fn(async () => 'x'.repeat(1000));
    await cache.get({ repository: 'r', project: 'huge', format: 'json' }, huge);
    await cache.get({ repository: 'r', project: 'huge', format: 'json' }, huge);
    expect(huge).toHaveBeenCalledTimes(2);
    expect(cache.size).toBeLessThanOrEqual(300);
  });
});
