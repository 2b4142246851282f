import { VersionDetails } from '@wheelhouse/backstage-plugin-pypi-common';
import { Principal } from '../auth/AccessPolicy';
import { AuditLog } from '../store/AuditLog';
import { VersionStateStore, VersionTransition } from '../store/ProjectStore';
import { StateChange } from '../store/types';
import { conflictError, versionEvent } from './versionChanges';
import {
  ResolvedVersion,
  VersionCommand,
  VersionResolver,
} from './VersionResolver';
import { validateReason } from './validation';

export interface VersionStateServiceOptions {
  projects: VersionStateStore;
  versions: VersionResolver;
  audit: AuditLog;
  onChange?: (repository: string, project: string) => void;
}

const now = () => new Date().toISOString();

/** The transitions that set a state (with when, by whom and why); the others clear one. */
const SETS_STATE = new Set<VersionTransition>(['disable', 'yank', 'delete']);

/**
 * Disabling, yanking and deleting versions and undoing that: each a conditional change of the version's state,
 * audited in the same transaction, answering the version as the change left it (as every command on a version does).
 */
export class VersionStateService {
  constructor(private readonly options: VersionStateServiceOptions) {}

  async disable(
    request: VersionCommand & { reason: unknown },
  ): Promise<VersionDetails> {
    const reason = validateReason(request.reason, { required: true });
    return this.change(request, 'disable', reason);
  }

  enable(request: VersionCommand): Promise<VersionDetails> {
    return this.change(request, 'enable');
  }

  async yank(
    request: VersionCommand & { reason: unknown },
  ): Promise<VersionDetails> {
    const reason = validateReason(request.reason, { required: false });
    return this.change(request, 'yank', reason);
  }

  unyank(request: VersionCommand): Promise<VersionDetails> {
    return this.change(request, 'unyank');
  }

  /** Moves a version to the recycle bin: hidden everywhere, bytes kept. */
  async delete(
    request: VersionCommand & { reason?: unknown },
  ): Promise<VersionDetails> {
    const reason = validateReason(request.reason, { required: false });
    return this.change(request, 'delete', reason);
  }

  /** Takes a version out of the recycle bin, in the state it was deleted in. */
  restore(request: VersionCommand): Promise<VersionDetails> {
    return this.change(request, 'restore');
  }

  /**
   * Resolves the version (in the recycle bin for a restore), changes its state (setting it, with who and why, for
   * disable, yank and delete) and answers it as it is now.
   */
  private async change(
    request: VersionCommand,
    transition: VersionTransition,
    reason?: string,
  ): Promise<VersionDetails> {
    const ref = await this.resolveFor(request, transition);
    await this.apply(ref, request.principal, transition, reason);
    return this.options.versions.current(ref);
  }

  private resolveFor(
    request: VersionCommand,
    transition: VersionTransition,
  ): Promise<ResolvedVersion> {
    return this.options.versions.resolve(
      request.repository,
      request.name,
      request.version,
      { inBin: transition === 'restore' },
    );
  }

  private async apply(
    ref: ResolvedVersion,
    principal: Principal,
    transition: VersionTransition,
    reason: string | undefined,
  ): Promise<void> {
    const { projects, audit } = this.options;
    const change: StateChange | undefined = SETS_STATE.has(transition)
      ? { at: now(), by: principal.actor, reason }
      : undefined;
    try {
      await projects.changeVersionState({
        versionId: ref.version.id,
        transition,
        change,
        record: transaction =>
          audit.record(
            versionEvent(ref, principal.actor, transition, change?.reason),
            { transaction },
          ),
      });
    } catch (error) {
      throw conflictError(error, ref);
    }
    this.options.onChange?.(ref.project.repository, ref.project.name);
  }
}
