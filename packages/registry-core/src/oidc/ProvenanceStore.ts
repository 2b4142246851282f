import { Knex } from 'knex';
import { MintedToken } from './MintedTokenStore';
import { FileProvenance, OidcSettings } from './types';

/**
 * The verified provenance of files uploaded with minted tokens (wh_file_provenance): written once, by the upload
 * itself, from the claims the token was minted for. Nothing else writes or removes a row; it goes only with its
 * file when that file is purged.
 */
export class ProvenanceStore {
  constructor(
    private readonly db: Knex,
    private readonly settings: Pick<OidcSettings, 'serverUrl'>,
  ) {}

  async record(
    fileId: number,
    minted: MintedToken,
    publisherId: string,
  ): Promise<void> {
    const claims = minted.claims;
    await this.db('wh_file_provenance').insert({
      file_id: fileId,
      publisher_id: publisherId,
      issuer: minted.issuer,
      repository: claims.repository,
      repository_id: text(claims.repository_id),
      repository_owner_id: claims.repository_owner_id,
      workflow_ref: text(claims.workflow_ref),
      job_workflow_ref: claims.job_workflow_ref,
      sha: claims.sha,
      ref: text(claims.ref),
      event_name: text(claims.event_name),
      environment: text(claims.environment),
      run_id: text(claims.run_id),
      run_attempt: text(claims.run_attempt),
      runner_environment: text(claims.runner_environment),
      actor: text(claims.actor),
      claims: JSON.stringify(claims),
      verified_at: new Date().toISOString(),
    });
  }

  /** Provenance of a repository's files by file name; files without any are left out. */
  async forFiles(
    repository: string,
    filenames: string[],
  ): Promise<Map<string, FileProvenance>> {
    if (!filenames.length) return new Map();
    const rows = await this.db('wh_file_provenance as p')
      .join('wh_files as f', 'f.id', 'p.file_id')
      .where('f.repository', repository)
      .whereIn('f.filename', filenames)
      .select('p.*', 'f.filename');
    return new Map(rows.map(row => [row.filename, this.toProvenance(row)]));
  }

  private toProvenance(row: Record<string, any>): FileProvenance {
    const server = this.settings.serverUrl.replace(/\/+$/, '');
    const repositoryUrl = `${server}/${row.repository}`;
    const workflowPath = String(row.job_workflow_ref)
      .split('@')[0]
      .split('/')
      .slice(2)
      .join('/');
    return {
      fileId: row.file_id,
      publisherId: row.publisher_id,
      issuer: row.issuer,
      repository: row.repository,
      repositoryId: row.repository_id ?? undefined,
      repositoryOwnerId: row.repository_owner_id,
      workflowRef: row.workflow_ref ?? undefined,
      jobWorkflowRef: row.job_workflow_ref,
      sha: row.sha,
      ref: row.ref ?? undefined,
      eventName: row.event_name ?? undefined,
      environment: row.environment ?? undefined,
      runId: row.run_id ?? undefined,
      runAttempt: row.run_attempt ?? undefined,
      runnerEnvironment: row.runner_environment ?? undefined,
      actor: row.actor ?? undefined,
      links: {
        repository: repositoryUrl,
        commit: `${repositoryUrl}/commit/${row.sha}`,
        workflow: `${repositoryUrl}/blob/${row.sha}/${workflowPath}`,
        run: row.run_id
          ? `${repositoryUrl}/actions/runs/${row.run_id}${row.run_attempt ? `/attempts/${row.run_attempt}` : ''}`
          : undefined,
      },
      verifiedAt: row.verified_at,
    };
  }
}

function text(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}
