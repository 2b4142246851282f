import { Principal } from '../auth/AccessPolicy';
import { NotAllowedError } from '../errors';
import { ListingStore } from '../store/ProjectStore';
import { FileLocation } from '../store/types';
import { Grant, MintedToken, MintedTokenStore } from './MintedTokenStore';
import { ProvenanceStore } from './ProvenanceStore';
import { PublisherStore } from './PublisherStore';

/** What the upload path asks about a publisher, before and after storing a file. */
export interface UploadGuard {
  /** Throws NotAllowedError when the principal may not upload to this project; called before anything is stored. */
  beforeStore(request: {
    repository: string;
    /** PEP 503 normalised. */
    project: string;
    principal: Principal;
  }): Promise<UploadPermit | undefined>;
  /** Called once the file's row is in, with what beforeStore returned. */
  afterStore(
    permit: UploadPermit | undefined,
    result: { outcome: 'created' | 'identical'; location: FileLocation },
  ): Promise<void>;
}

export interface UploadPermit {
  minted: MintedToken;
  grant: Grant;
}

/**
 * Holds minted tokens to their projects (a minted token is a publish token of its repositories, and only here is
 * the project known) and records the verified provenance of what they upload.
 */
export class TrustedUploadGuard implements UploadGuard {
  constructor(
    private readonly options: {
      minted: MintedTokenStore;
      publishers: PublisherStore;
      provenance: ProvenanceStore;
      projects: ListingStore;
    },
  ) {}

  async beforeStore(request: {
    repository: string;
    project: string;
    principal: Principal;
  }): Promise<UploadPermit | undefined> {
    const { principal } = request;
    if (principal.type !== 'token') return undefined;
    const minted = await this.options.minted.get(principal.tokenId);
    if (!minted) return undefined;
    const grant = minted.grants.find(
      g => g.repository === request.repository && g.project === request.project,
    );
    if (!grant) {
      const allowed = minted.grants
        .map(g => `${g.project} in ${g.repository}`)
        .join(', ');
      throw new NotAllowedError(
        `This token was minted by trusted publishing for ${allowed}; it cannot upload ${request.project} to ${request.repository}`,
      );
    }
    if (grant.pending) {
      const publisher = await this.options.publishers.get(grant.publisherId);
      if (!publisher)
        throw new NotAllowedError(
          `The pending trusted publisher this token was minted for was removed; it cannot create ${request.project}`,
        );
      if (
        publisher.pending &&
        (await this.options.projects.getProject(
          request.repository,
          request.project,
        ))
      )
        throw new NotAllowedError(
          `Project ${request.project} was created by someone else after this token was minted for its pending publisher; add a trusted publisher to the existing project`,
        );
    }
    return { minted, grant };
  }

  async afterStore(
    permit: UploadPermit | undefined,
    result: { outcome: 'created' | 'identical'; location: FileLocation },
  ): Promise<void> {
    if (!permit || result.outcome !== 'created') return;
    await this.options.provenance.record(
      result.location.file.id,
      permit.minted,
      permit.grant.publisherId,
    );
    if (permit.grant.pending)
      await this.options.publishers.activate(permit.grant.publisherId);
  }
}
