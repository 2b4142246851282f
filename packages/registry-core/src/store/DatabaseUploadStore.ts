import { Knex } from 'knex';
import { ConflictError, InputError, ServiceUnavailableError } from '../errors';
import { AddFileResult, NewFile, UploadStore } from './ProjectStore';
import { refreshProject } from './projectFigures';
import { toFile, toProject, toVersion } from './rows';
import {
  DbBlobClaimsRow,
  DbFilesRow,
  DbProjectsRow,
  DbVersionsRow,
} from './tables';

/** UploadStore on a knex database: a file's row, with its project and version when they are new, in one transaction. */
export class DatabaseUploadStore implements UploadStore {
  constructor(private readonly db: Knex) {}

  async addFile(input: NewFile): Promise<AddFileResult> {
    return this.db.transaction(async trx => {
      const timestamp = input.file.uploadedAt;
      await trx<DbProjectsRow>('wh_projects')
        .insert({
          repository: input.repository,
          name: input.project,
          display_name: input.displayName,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .onConflict(['repository', 'name'])
        .ignore();
      const project = (await trx<DbProjectsRow>('wh_projects')
        .where({ repository: input.repository, name: input.project })
        .first())!;

      await trx<DbVersionsRow>('wh_versions')
        .insert({
          project_id: project.id,
          version: input.version,
          canonical: input.canonical,
          summary: input.summary ?? null,
          requires_python: input.requiresPython ?? null,
          core_metadata: input.coreMetadata
            ? JSON.stringify(input.coreMetadata)
            : null,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .onConflict(['project_id', 'canonical'])
        .ignore();
      const version = (await trx<DbVersionsRow>('wh_versions')
        .where({ project_id: project.id, canonical: input.canonical })
        .first())!;
      if (version.deleted_at) {
        // 400, not 409, and no "already exists": `twine upload --skip-existing` takes either for "nothing to do".
        throw new InputError(
          `Version ${version.version} of ${project.display_name} is in the recycle bin: restore or purge it before uploading to it`,
        );
      }

      const inserted = await trx<DbFilesRow>('wh_files')
        .insert({
          repository: input.repository,
          version_id: version.id,
          filename: input.file.filename,
          filetype: input.file.filetype,
          python_version: input.file.pythonVersion ?? null,
          requires_python: input.file.requiresPython ?? null,
          size: input.file.size,
          sha256: input.file.sha256,
          blake2_256: input.file.blake2_256,
          md5: input.file.md5,
          metadata_sha256: input.file.metadataSha256 ?? null,
          uploaded_by: input.file.uploadedBy ?? null,
          uploaded_at: timestamp,
        })
        .onConflict(['repository', 'filename'])
        .ignore()
        .returning('id');
      const file = (await trx<DbFilesRow>('wh_files')
        .where({ repository: input.repository, filename: input.file.filename })
        .first())!;
      if (
        file.sha256 !== input.file.sha256 ||
        Number(file.version_id) !== Number(version.id)
      ) {
        throw new ConflictError(
          `File already exists: ${input.file.filename} was uploaded before with other content`,
        );
      }
      if (input.claim) await releaseClaim(trx, input);
      const created = inserted.length > 0;
      // A new file would stay hidden behind the disable; a byte-identical re-upload changes nothing and still answers.
      if (created && version.disabled_at) {
        throw new InputError(
          `Version ${version.version} of ${project.display_name} is disabled (${version.disabled_reason ?? 'no reason given'}): enable it before uploading files to it`,
        );
      }
      if (created) {
        await trx<DbVersionsRow>('wh_versions')
          .where({ id: version.id })
          .update({ updated_at: timestamp });
        await refreshProject(trx, Number(project.id), timestamp);
      }
      const projectRow = (await trx<DbProjectsRow>('wh_projects')
        .where({ id: project.id })
        .first())!;
      return {
        outcome: created ? 'created' : 'identical',
        location: {
          project: toProject(projectRow),
          version: toVersion(version),
          file: toFile(file),
        },
      } satisfies AddFileResult;
    });
  }
}

/** Releases the upload's blob claim; refuses the row when the claim is gone. */
async function releaseClaim(
  trx: Knex.Transaction,
  input: NewFile,
): Promise<void> {
  const keys = new Set([input.file.sha256, input.file.metadataSha256]);
  keys.delete(undefined);
  const released = await trx<DbBlobClaimsRow>('wh_blob_claims')
    .where({ claim: input.claim })
    .delete();
  if (released < keys.size) {
    // The collector took the claim for dead and may have removed the bytes: no row may point at them.
    throw new ServiceUnavailableError(
      'The upload took longer than the storage grace period; upload it again',
    );
  }
}
