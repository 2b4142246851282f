import {
  PurgeResult,
  RecycleBin,
  RecycleBinEntry,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { BlobLedger } from '../blob/BlobLedger';
import { ConflictError } from '../errors';
import { AuditLog } from '../store/AuditLog';
import { RecycleBinStore, RecycledVersion } from '../store/ProjectStore';
import { conflictError, versionEvent } from './versionChanges';
import {
  ResolvedVersion,
  VersionCommand,
  VersionResolver,
} from './VersionResolver';

export interface RecycleBinServiceOptions {
  projects: RecycleBinStore;
  versions: VersionResolver;
  /** Removes a purged version's blobs when nothing else uses them. */
  ledger: BlobLedger;
  audit: AuditLog;
  log?: (message: string) => void;
  /** Days a deleted version stays in the recycle bin before it is purged; undefined keeps it until purged by hand. */
  retentionDays?: number;
  onChange?: (repository: string, project: string) => void;
}

const DAY_MS = 86_400_000;
/** The earliest time a Date can hold (ECMAScript: 100,000,000 days before 1970). */
const EARLIEST_DATE_MS = -8.64e15;

/**
 * The recycle bin of a repository: what is in it, and purging from it, by hand or past the retention period (the
 * one purge the RecycleBinCleaner runs in both hosts). Deleting and restoring are version state changes.
 */
export class RecycleBinService {
  constructor(private readonly options: RecycleBinServiceOptions) {}

  async list(repository: string): Promise<RecycleBin> {
    const entries = await this.options.projects.listRecycleBin(repository);
    const retention = this.options.retentionDays;
    return {
      retentionDays: retention ?? null,
      items: entries.map(entry => binEntry(entry, retention)),
    };
  }

  /** Removes a version in the recycle bin for good, with the blobs nothing else uses; answers as purgeExpired does. */
  async purge(
    request: VersionCommand & { reason?: string },
  ): Promise<PurgeResult> {
    const ref = await this.options.versions.resolve(
      request.repository,
      request.name,
      request.version,
      { inBin: true },
    );
    await this.purgeVersion(ref, request.principal.actor, request.reason);
    return {
      purged: [{ project: ref.project.name, version: ref.version.version }],
    };
  }

  /** Purges every version that has been in the recycle bin longer than `olderThanDays`. */
  async purgeExpired(options: {
    repository: string;
    olderThanDays: number;
    actor: string;
  }): Promise<PurgeResult> {
    const purged: PurgeResult['purged'] = [];
    const cutoffMs = Date.now() - options.olderThanDays * DAY_MS;
    // Before the earliest date there is, nothing can have been deleted (and Date would throw a RangeError).
    if (!(cutoffMs >= EARLIEST_DATE_MS)) return { purged };
    const cutoff = new Date(cutoffMs).toISOString();
    for (const entry of await this.options.projects.listRecycleBin(
      options.repository,
    )) {
      if (entry.version.deleted && entry.version.deleted.at <= cutoff) {
        try {
          // Conditional on the version being in the bin since before the cutoff still: one restored (or deleted
          // again) since the listing is left alone.
          await this.purgeVersion(
            entry,
            options.actor,
            `older than ${options.olderThanDays} days in the recycle bin`,
            cutoff,
          );
        } catch (error) {
          if (error instanceof ConflictError) continue;
          throw error;
        }
        purged.push({
          project: entry.project.name,
          version: entry.version.version,
        });
      }
    }
    return { purged };
  }

  /** Removes a version in the bin (since before `deletedBefore`, when given) for good, then its unused blobs. */
  private async purgeVersion(
    ref: Pick<ResolvedVersion, 'project' | 'version'>,
    actor: string,
    reason?: string,
    deletedBefore?: string,
  ): Promise<void> {
    const { projects, audit, ledger, log } = this.options;
    let keys: string[];
    try {
      keys = await projects.purgeVersion({
        versionId: ref.version.id,
        deletedBefore,
        record: transaction =>
          audit.record(versionEvent(ref, actor, 'purge', reason), {
            transaction,
          }),
      });
    } catch (error) {
      throw conflictError(error, ref);
    }
    this.options.onChange?.(ref.project.repository, ref.project.name);
    // The ledger removes a blob only when no file row and no upload's claim (on any replica) uses it; what fails
    // here (the store is down) the collector removes later.
    for (const key of keys) {
      try {
        await ledger.collect(key);
      } catch (error) {
        log?.(
          `Blob ${key} of a purged version stays for the collector: ${(error as Error).message}`,
        );
      }
    }
  }
}

function binEntry(
  entry: RecycledVersion,
  retention: number | undefined,
): RecycleBinEntry {
  const deleted = entry.version.deleted!;
  const purgeAt =
    retention === undefined
      ? undefined
      : new Date(Date.parse(deleted.at) + retention * DAY_MS).toISOString();
  return {
    project: entry.project.name,
    displayName: entry.project.displayName,
    version: entry.version.version,
    canonical: entry.version.canonical,
    deletedAt: deleted.at,
    deletedBy: deleted.by,
    reason: deleted.reason,
    fileCount: entry.fileCount,
    size: entry.size,
    purgeAt,
    daysLeft:
      purgeAt === undefined
        ? null
        : Math.max(0, Math.ceil((Date.parse(purgeAt) - Date.now()) / DAY_MS)),
  };
}
