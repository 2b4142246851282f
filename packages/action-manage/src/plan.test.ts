import { parseVersionSelector } from '@wheelhouse/registry-client';
import { Candidate, PackageState } from './candidates';
import { CleanupRules, Operation } from './inputs';
import { planCleanup, planOperation } from './plan';

const NOW = new Date('2026-06-30T00:00:00Z');
const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * 86_400_000).toISOString();

const state: PackageState = {
  name: 'demo-lib',
  tags: [{ tag: 'stable', version: '1.1.0', createdAt: daysAgo(40) }],
  candidates: [
    { version: '2.0.0rc1', status: 'active', uploadedAt: daysAgo(1) },
    { version: '1.2.0', status: 'disabled', uploadedAt: daysAgo(10) },
    { version: '1.1.0', status: 'active', uploadedAt: daysAgo(40) },
    { version: '1.0.0', status: 'active', uploadedAt: daysAgo(100) },
    { version: '0.9.0', status: 'deleted' },
  ],
};

const rules = (extra: Partial<CleanupRules> = {}): CleanupRules => ({
  prereleasesOnly: false,
  includePrereleases: false,
  keepNewestRelease: true,
  ...extra,
});
const noCleanup = rules();
function plan(
  operation: Operation,
  version: string,
  extra: { tag?: string; cleanup?: CleanupRules } = {},
) {
  const result = planOperation(state, {
    operation,
    selector: parseVersionSelector(version),
    now: NOW,
    cleanup: extra.cleanup ?? noCleanup,
    tag: extra.tag,
  });
  return {
    targets: result.targets.map(t => t.version),
    skipped: result.skipped.map(s => `${s.version}: ${s.why}`),
  };
}

describe('planOperation', () => {
  it('disables active versions and skips those already disabled, so re-runs are harmless', () => {
    expect(plan('disable', '<2')).toEqual({
      targets: ['1.1.0', '1.0.0'],
      skipped: ['1.2.0: already disabled'],
    });
    expect(plan('disable', '1.2')).toEqual({
      targets: [],
      skipped: ['1.2.0: already disabled'],
    });
  });

  it('enables only disabled versions', () => {
    expect(plan('enable', '*')).toEqual({
      targets: ['1.2.0'],
      skipped: [
        '2.0.0rc1: not disabled',
        '1.1.0: not disabled',
        '1.0.0: not disabled',
      ],
    });
  });

  it('deletes active and disabled versions, never touching the recycle bin', () => {
    expect(plan('delete', '>=1.0,<1.5')).toEqual({
      targets: ['1.2.0', '1.1.0', '1.0.0'],
      skipped: [],
    });
    expect(() => plan('delete', '0.9.0')).toThrow(
      'Version 0.9.0 of demo-lib not found',
    );
  });

  it('restores from the recycle bin only', () => {
    expect(plan('restore', '0.9')).toEqual({ targets: ['0.9.0'], skipped: [] });
    expect(plan('restore', '1.0.0')).toEqual({
      targets: [],
      skipped: ['1.0.0: not in the recycle bin'],
    });
    expect(() => plan('restore', '5.0')).toThrow(
      'Version 5.0 of demo-lib not found (neither listed nor in the recycle bin)',
    );
  });

  it('resolves latest to what pip installs: the newest active final release, not a pre-release or a disabled one', () => {
    // 2.0.0rc1 is a pre-release, 1.2.0 is disabled: pip installs 1.1.0.
    expect(plan('set-metadata', 'latest').targets).toEqual(['1.1.0']);
  });

  it('resolves latest to a pre-release only when no final release is installable, and fails when nothing is', () => {
    const only = (candidates: Candidate[]) =>
      planOperation(
        { name: 'demo-lib', tags: [], candidates },
        {
          operation: 'set-metadata',
          selector: parseVersionSelector('latest'),
          now: NOW,
          cleanup: noCleanup,
        },
      ).targets.map(target => target.version);
    expect(
      only([
        { version: '1.0.0', status: 'active', yanked: true },
        { version: '1.1.0b2', status: 'active' },
        { version: '1.1.0b1', status: 'active' },
      ]),
    ).toEqual(['1.1.0b2']);
    expect(() => only([{ version: '1.0.0', status: 'disabled' }])).toThrow(
      'demo-lib has no latest version',
    );
  });

  it('tags one version: the newest match of a specifier', () => {
    expect(plan('tag', '<2', { tag: 'stable' })).toEqual({
      targets: ['1.2.0'],
      skipped: ['1.1.0: not the newest match', '1.0.0: not the newest match'],
    });
  });

  it('untags the version the tag points at, and fails for an unknown tag', () => {
    expect(plan('untag', '', { tag: 'stable' }).targets).toEqual(['1.1.0']);
    expect(() => plan('untag', '', { tag: 'nightly' })).toThrow(
      'Tag nightly not found on demo-lib',
    );
  });

  it('is not an error when a specifier matches nothing', () => {
    expect(plan('delete', '>=9')).toEqual({ targets: [], skipped: [] });
  });
});

describe('cleanup', () => {
  it('keeps the newest N final releases by PEP 440 order (not upload order), and what is newer than them', () => {
    expect(plan('cleanup', '', { cleanup: rules({ keepNewest: 2 }) })).toEqual({
      targets: ['1.0.0'],
      skipped: [
        '2.0.0rc1: newer than the oldest of the 2 newest final releases',
        '1.2.0: one of the 2 newest final releases',
        '1.1.0: one of the 2 newest final releases',
      ],
    });
  });

  it('counts pre-releases only when asked to', () => {
    expect(
      plan('cleanup', '', {
        cleanup: rules({ keepNewest: 2, includePrereleases: true }),
      }),
    ).toEqual({
      targets: ['1.1.0', '1.0.0'],
      skipped: [
        '2.0.0rc1: one of the 2 newest versions',
        '1.2.0: one of the 2 newest versions',
      ],
    });
  });

  // The finding of issue 13: with keep-newest 1, 2.1.0.dev1 was counted and 2.0.0 deleted.
  it('never deletes the newest final release because of a newer dev release', () => {
    const candidates: Candidate[] = ['2.1.0.dev1', '2.0.0', '1.0.0'].map(
      version => ({ version, status: 'active', uploadedAt: daysAgo(60) }),
    );
    const targets = (extra: Partial<CleanupRules>) =>
      planCleanup(candidates, rules(extra), NOW).targets.map(t => t.version);
    expect(targets({ keepNewest: 1 })).toEqual(['1.0.0']);
    expect(targets({ keepNewest: 1, includePrereleases: true })).toEqual([
      '1.0.0',
    ]);
    expect(targets({ olderThanDays: 30 })).toEqual(['2.1.0.dev1', '1.0.0']);
    expect(targets({ keepNewest: 0 })).toEqual(['2.1.0.dev1', '1.0.0']);
    expect(
      targets({
        keepNewest: 1,
        includePrereleases: true,
        keepNewestRelease: false,
      }),
    ).toEqual(['2.0.0', '1.0.0']);
  });

  it('deletes nothing for keep-newest when there are fewer final releases than that', () => {
    const candidates: Candidate[] = ['0.3.0.dev1', '0.2.0rc1', '0.1.0'].map(
      version => ({ version, status: 'active', uploadedAt: daysAgo(60) }),
    );
    expect(
      planCleanup(candidates, rules({ keepNewest: 2 }), NOW).targets,
    ).toEqual([]);
  });

  it('deletes only versions older than D days', () => {
    expect(
      plan('cleanup', '', {
        cleanup: rules({ olderThanDays: 30, prereleasesOnly: false }),
      }).targets,
    ).toEqual(['1.1.0', '1.0.0']);
  });

  it('with both rules, deletes only what both allow', () => {
    expect(
      plan('cleanup', '', {
        cleanup: rules({
          keepNewest: 2,
          olderThanDays: 5,
          prereleasesOnly: false,
        }),
      }).targets,
    ).toEqual(['1.0.0']);
    expect(
      plan('cleanup', '', {
        cleanup: rules({
          keepNewest: 1,
          olderThanDays: 50,
          prereleasesOnly: false,
        }),
      }).targets,
    ).toEqual(['1.0.0']);
  });

  it('narrows to a specifier and to pre-releases when asked', () => {
    expect(
      plan('cleanup', '<1.2', {
        cleanup: rules({ keepNewest: 1, prereleasesOnly: false }),
      }).targets,
    ).toEqual(['1.0.0']);
    expect(
      plan('cleanup', '', {
        cleanup: rules({ keepNewest: 0, prereleasesOnly: true }),
      }).targets,
    ).toEqual(['2.0.0rc1']);
  });

  it('keeps a version whose upload time is unknown when an age rule is set', () => {
    const candidates: Candidate[] = [{ version: '1.0', status: 'active' }];
    expect(
      planCleanup(candidates, rules({ olderThanDays: 1 }), NOW).targets,
    ).toEqual([]);
  });
});
