import {
  parseVersion,
  selectVersions,
  sortNewestFirst,
  VersionSelector,
} from '@wheelhouse/registry-client';
import { Candidate, PackageState } from './candidates';
import { CleanupRules, Operation } from './inputs';

export interface Plan {
  /** The versions the operation changes, newest first. */
  targets: Candidate[];
  /** Selected versions already in the wanted state, with why they are left alone. */
  skipped: { version: string; why: string }[];
}

export interface PlanRequest {
  operation: Operation;
  selector: VersionSelector;
  /** Only for untag. */
  tag?: string;
  cleanup: CleanupRules;
  /** For cleanup's older-than-days. */
  now: Date;
}

/** Which statuses an operation applies to; selected versions in any other status are skipped with the reason. */
const APPLIES: Record<
  Exclude<Operation, 'untag' | 'cleanup'>,
  { to: Candidate['status'][]; otherwise: string }
> = {
  disable: { to: ['active'], otherwise: 'already disabled' },
  enable: { to: ['disabled'], otherwise: 'not disabled' },
  yank: { to: ['active', 'disabled'], otherwise: 'deleted' },
  unyank: { to: ['active', 'disabled'], otherwise: 'deleted' },
  delete: { to: ['active', 'disabled'], otherwise: 'already deleted' },
  restore: { to: ['deleted'], otherwise: 'not in the recycle bin' },
  'set-metadata': { to: ['active', 'disabled'], otherwise: 'deleted' },
  'remove-metadata': { to: ['active', 'disabled'], otherwise: 'deleted' },
  tag: { to: ['active', 'disabled'], otherwise: 'deleted' },
};

/**
 * Decides what an operation will change, without changing anything (so dry-run shows exactly what a real run
 * would do). Re-running a workflow is safe: versions already in the wanted state are skipped, not errors. An
 * exact version that does not exist is an error; a specifier that matches nothing is not.
 */
export function planOperation(state: PackageState, request: PlanRequest): Plan {
  const { operation, selector } = request;
  if (operation === 'untag') {
    const tag = state.tags.find(entry => entry.tag === request.tag);
    if (!tag) throw new Error(`Tag ${request.tag} not found on ${state.name}`);
    const target = state.candidates.find(
      candidate => candidate.version === tag.version,
    );
    return {
      targets: [target ?? { version: tag.version, status: 'active' }],
      skipped: [],
    };
  }
  // Versions in the recycle bin are invisible to everything but restore, as they are in the registry.
  const visible =
    operation === 'restore'
      ? state.candidates
      : state.candidates.filter(c => c.status !== 'deleted');
  const selected = selectVersions(selector, visible, {
    installable: candidate =>
      candidate.status === 'active' && !candidate.yanked,
  });
  if (!selected.length && selector.kind === 'latest') {
    throw new Error(
      `${state.name} has no latest version: pip installs none of its versions (each is disabled, yanked or deleted)`,
    );
  }
  if (!selected.length && selector.kind === 'exact') {
    const where =
      operation === 'restore' ? ' (neither listed nor in the recycle bin)' : '';
    throw new Error(
      `Version ${selector.version} of ${state.name} not found${where}`,
    );
  }
  if (operation === 'cleanup')
    return planCleanup(selected, request.cleanup, request.now);

  const rule = APPLIES[operation];
  const plan: Plan = { targets: [], skipped: [] };
  for (const candidate of selected) {
    if (!rule.to.includes(candidate.status))
      plan.skipped.push({ version: candidate.version, why: rule.otherwise });
    else if (operation === 'yank' && candidate.yanked)
      plan.skipped.push({ version: candidate.version, why: 'already yanked' });
    else if (operation === 'unyank' && !candidate.yanked)
      plan.skipped.push({ version: candidate.version, why: 'not yanked' });
    else plan.targets.push(candidate);
  }
  // A tag points at one version: with a specifier, the newest that matches.
  if (operation === 'tag' && plan.targets.length > 1) {
    plan.skipped.push(
      ...plan.targets
        .slice(1)
        .map(c => ({ version: c.version, why: 'not the newest match' })),
    );
    plan.targets = plan.targets.slice(0, 1);
  }
  return plan;
}

/**
 * cleanup: among the selected versions (only pre-releases with prereleases-only), keep the newest `keepNewest`
 * final releases by PEP 440 order, and every version newer than the oldest of them (a 2.1.0.dev1 above the kept
 * 2.0.0 is work in progress, not clutter); with includePrereleases every version counts. Fewer releases than
 * that: nothing goes for keep-newest. The newest final release of the selection always stays unless
 * keepNewestRelease is off. With olderThanDays only versions uploaded longer ago go; with both rules a version
 * goes only when both say so.
 */
export function planCleanup(
  candidates: Candidate[],
  rules: CleanupRules,
  now: Date,
): Plan {
  const plan: Plan = { targets: [], skipped: [] };
  const isPrerelease = (c: Candidate) =>
    parseVersion(c.version)?.isPrerelease ?? false;
  const pool = sortNewestFirst(
    rules.prereleasesOnly ? candidates.filter(isPrerelease) : candidates,
  );
  const countsAll = rules.prereleasesOnly || rules.includePrereleases;
  const counted = pool.filter(c => countsAll || !isPrerelease(c));
  // Everything at or above the keepNewest-th counted version stays.
  let keptUpTo = -1;
  if (rules.keepNewest !== undefined) {
    if (counted.length <= rules.keepNewest) keptUpTo = pool.length - 1;
    else if (rules.keepNewest > 0)
      keptUpTo = pool.indexOf(counted[rules.keepNewest - 1]);
  }
  const newestRelease = rules.keepNewestRelease
    ? pool.find(c => !isPrerelease(c))
    : undefined;
  const cutoff =
    rules.olderThanDays === undefined
      ? undefined
      : now.getTime() - rules.olderThanDays * 86_400_000;
  const what = countsAll ? 'versions' : 'final releases';
  pool.forEach((candidate, index) => {
    if (index <= keptUpTo) {
      plan.skipped.push({
        version: candidate.version,
        why: counted.includes(candidate)
          ? `one of the ${rules.keepNewest} newest ${what}`
          : `newer than the oldest of the ${rules.keepNewest} newest ${what}`,
      });
      return;
    }
    if (candidate === newestRelease) {
      plan.skipped.push({
        version: candidate.version,
        why: 'the newest final release (keep-newest-release)',
      });
      return;
    }
    if (cutoff !== undefined) {
      const uploaded = candidate.uploadedAt
        ? Date.parse(candidate.uploadedAt)
        : NaN;
      if (!(uploaded < cutoff)) {
        plan.skipped.push({
          version: candidate.version,
          why: `uploaded less than ${rules.olderThanDays} days ago`,
        });
        return;
      }
    }
    plan.targets.push(candidate);
  });
  return plan;
}
