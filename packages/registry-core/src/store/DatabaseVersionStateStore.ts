import { Knex } from 'knex';
import { now } from './clock';
import {
  VersionStateConflict,
  VersionStateStore,
  VersionTransition,
  WithinTransaction,
} from './ProjectStore';
import { refreshProject } from './projectFigures';
import { toVersion } from './rows';
import { DbVersionsRow } from './tables';
import { StateChange, VersionRecord } from './types';

type VersionState = 'disabled' | 'yanked' | 'deleted';

/** The columns each state is written to (wh_versions keeps no actor for a yank: there is no yanked_by). */
const STATE_COLUMNS = {
  disabled: { at: 'disabled_at', by: 'disabled_by', reason: 'disabled_reason' },
  deleted: { at: 'deleted_at', by: 'deleted_by', reason: 'deleted_reason' },
  yanked: { at: 'yanked_at', by: undefined, reason: 'yanked_reason' },
} as const satisfies Record<
  VersionState,
  {
    at: keyof DbVersionsRow;
    by: keyof DbVersionsRow | undefined;
    reason: keyof DbVersionsRow;
  }
>;

/**
 * What each transition writes, and the state it starts from as a condition on the row: the UPDATE itself decides
 * which of two concurrent changes wins (the other matches no row), on SQLite and PostgreSQL alike.
 */
const TRANSITIONS: Record<
  VersionTransition,
  {
    state: VersionState;
    set: boolean;
    from: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
  }
> = {
  disable: {
    state: 'disabled',
    set: true,
    from: q => q.whereNull('deleted_at'),
  },
  enable: {
    state: 'disabled',
    set: false,
    from: q => q.whereNull('deleted_at').whereNotNull('disabled_at'),
  },
  yank: { state: 'yanked', set: true, from: q => q.whereNull('deleted_at') },
  unyank: {
    state: 'yanked',
    set: false,
    from: q => q.whereNull('deleted_at').whereNotNull('yanked_at'),
  },
  delete: { state: 'deleted', set: true, from: q => q.whereNull('deleted_at') },
  restore: {
    state: 'deleted',
    set: false,
    from: q => q.whereNotNull('deleted_at'),
  },
};

/** The write of a state: its columns set from `change`, or cleared when there is none. */
function stateUpdate(
  state: VersionState,
  change: StateChange | undefined,
): Partial<DbVersionsRow> {
  const columns = STATE_COLUMNS[state];
  const update: Partial<DbVersionsRow> = {
    updated_at: change?.at ?? now(),
  };
  update[columns.at] = change?.at ?? null;
  update[columns.reason] = change?.reason ?? null;
  if (columns.by) update[columns.by] = change?.by ?? null;
  return update;
}

/** The version as it is now, for a VersionStateConflict. */
export async function currentVersion(
  trx: Knex.Transaction,
  versionId: number,
): Promise<VersionRecord | undefined> {
  const row = await trx<DbVersionsRow>('wh_versions')
    .where({ id: versionId })
    .first();
  return row ? toVersion(row) : undefined;
}

/** VersionStateStore on a knex database. */
export class DatabaseVersionStateStore implements VersionStateStore {
  constructor(private readonly db: Knex) {}

  async changeVersionState(request: {
    versionId: number;
    transition: VersionTransition;
    change?: StateChange;
    record?: WithinTransaction;
  }): Promise<void> {
    const { state, set, from } = TRANSITIONS[request.transition];
    const change = set ? (request.change ?? { at: now() }) : undefined;
    await this.db.transaction(async trx => {
      const changed = await from(
        trx('wh_versions').where({ id: request.versionId }),
      ).update(stateUpdate(state, change));
      if (!changed)
        throw new VersionStateConflict(
          request.transition,
          await currentVersion(trx, request.versionId),
        );
      const version = (await trx<DbVersionsRow>('wh_versions')
        .where({ id: request.versionId })
        .first('project_id'))!;
      await refreshProject(trx, Number(version.project_id), now());
      await request.record?.(trx);
    });
  }
}
