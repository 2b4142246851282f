import { AuditLog } from '../store/AuditLog';
import { ListingStore } from '../store/ProjectStore';
import { MintError } from './errors';
import { mismatch, workflowOf } from './matchPublisher';
import { Grant, MintedTokenStore } from './MintedTokenStore';
import { PublisherStore } from './PublisherStore';
import { RemoteKeySet } from './RemoteKeySet';
import { OidcSettings } from './types';
import { verifyIdToken } from './verifyIdToken';

export interface MintServiceOptions {
  settings: OidcSettings;
  keys: RemoteKeySet;
  publishers: PublisherStore;
  minted: MintedTokenStore;
  projects: ListingStore;
  audit: AuditLog;
}

export interface MintResult {
  token: string;
  expiresAt: string;
  grants: Grant[];
}

/**
 * The token exchange: an OIDC token of a CI job in, a short-lived publish token out, valid only for the projects
 * whose trusted publishers the job's verified claims satisfy. As on PyPI, a pending publisher's project must not
 * exist yet (someone else created it: the publisher is stale and removed).
 */
export class MintService {
  constructor(private readonly options: MintServiceOptions) {}

  get audience(): string {
    return this.options.settings.audience;
  }

  async mint(body: unknown): Promise<MintResult> {
    const jwt = (body as { token?: unknown } | undefined)?.token;
    if (typeof jwt !== 'string' || !jwt.trim())
      throw new MintError(
        'invalid-payload',
        'Expected a JSON body {"token": "<OIDC token>"}',
      );
    const { settings, publishers, projects } = this.options;
    const claims = await verifyIdToken(jwt.trim(), {
      keys: this.options.keys,
      settings,
    });

    const [owner, name] = claims.repository.split('/', 2);
    const candidates = await publishers.findForGitHubRepository(
      owner,
      name ?? '',
    );
    if (!candidates.length)
      throw new MintError(
        'invalid-publisher',
        `Valid token, but no trusted publisher is set up for GitHub repository ${claims.repository}: add one for the project (repository owner ${claims.repository_owner}, owner id ${claims.repository_owner_id}, workflow ${workflowOf(claims.job_workflow_ref) ?? claims.job_workflow_ref})`,
      );
    const reasons = new Set<string>();
    const grants: Grant[] = [];
    const stale: string[] = [];
    for (const publisher of candidates) {
      const why = mismatch(publisher, claims);
      if (why) {
        reasons.add(why);
        continue;
      }
      if (
        publisher.pending &&
        (await projects.getProject(publisher.repository, publisher.project))
      ) {
        // Someone else created the project since: this publisher may no longer create it.
        await publishers.remove(publisher.id);
        stale.push(`${publisher.repository}/${publisher.project}`);
        continue;
      }
      if (
        !grants.some(
          g =>
            g.repository === publisher.repository &&
            g.project === publisher.project,
        )
      )
        grants.push({
          repository: publisher.repository,
          project: publisher.project,
          publisherId: publisher.id,
          pending: publisher.pending,
        });
    }
    if (!grants.length) {
      if (stale.length)
        throw new MintError(
          'invalid-pending-publisher',
          `Valid token, but project ${stale.join(', ')} was created since its pending publisher was added, so that publisher was removed: add a trusted publisher to the existing project`,
        );
      throw new MintError(
        'invalid-publisher',
        `Valid token, but no trusted publisher matches it: ${[...reasons].join('; ')}`,
      );
    }

    const expiresAt = new Date(
      Date.now() + settings.tokenLifetimeSeconds * 1000,
    );
    const workflow = workflowOf(claims.job_workflow_ref) ?? 'workflow';
    const { token, tokenId } = await this.options.minted.mint({
      name: `${workflow} run ${claims.run_id ?? '?'}`.slice(0, 128),
      owner: `github:${claims.repository}`,
      issuer: settings.issuer,
      claims,
      grants,
      expiresAt,
    });
    for (const grant of grants) {
      await this.options.audit.record({
        repository: grant.repository,
        project: grant.project,
        action: 'oidc.token-minted',
        actor: `github:${claims.repository}`,
        details: {
          tokenId,
          publisherId: grant.publisherId,
          workflow: claims.job_workflow_ref,
          sha: claims.sha,
          runId: claims.run_id,
          expiresAt: expiresAt.toISOString(),
        },
      });
    }
    return { token, expiresAt: expiresAt.toISOString(), grants };
  }
}
