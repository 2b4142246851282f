/** Trusted publishing in the management API: publishers, and the verified provenance of uploaded files (wire types). */

/**
 * A GitHub Actions workflow allowed to publish one project of one repository without a stored secret. registry-core's
 * own type is this without `githubRepository`; config.d.ts's `pypi.trustedPublishers` entries are `NewTrustedPublisher`
 * with the repository (a test there fails when they drift).
 */
export interface TrustedPublisher {
  id: string;
  repository: string;
  /** PEP 503 normalised. */
  project: string;
  /** The project did not exist when the publisher was added; its first upload creates it. */
  pending: boolean;
  provider: 'github';
  /** The GitHub owner (user or organisation), lower case. */
  repositoryOwner: string;
  /** The owner's numeric id: a deleted and re-created owner of the same name has another. */
  repositoryOwnerId: string;
  /** The GitHub repository's name without the owner, lower case. */
  repositoryName: string;
  /** `owner/name` */
  githubRepository: string;
  /** The workflow's file name under .github/workflows, e.g. `release.yml`. */
  workflow: string;
  /** The GitHub environment the job must run in, lower case; undefined: any or none. */
  environment?: string;
  /** A glob the `ref` claim must match (`*` within a path segment, `**` across), e.g. `refs/tags/v*`. */
  refPattern?: string;
  /** `config` publishers are changed in the configuration, not here. */
  source: 'api' | 'config';
  createdBy?: string;
  createdAt: string;
}

/** A publisher to add to a repository (the repository is in the path). */
export type NewTrustedPublisher = Pick<
  TrustedPublisher,
  | 'project'
  | 'repositoryOwner'
  | 'repositoryOwnerId'
  | 'repositoryName'
  | 'workflow'
  | 'environment'
  | 'refPattern'
>;

/** The claims a file's upload token was minted for, verified by the registry. */
export interface FileProvenance {
  issuer: string;
  /** `owner/name` */
  repository: string;
  repositoryOwnerId: string;
  workflowRef?: string;
  jobWorkflowRef: string;
  sha: string;
  ref?: string;
  eventName?: string;
  environment?: string;
  runId?: string;
  runAttempt?: string;
  runnerEnvironment?: string;
  actor?: string;
  /** Links for people, derived from the issuer's server and the claims. */
  links: { repository: string; commit: string; workflow: string; run?: string };
  verifiedAt: string;
}

export interface VersionProvenance {
  version: string;
  files: {
    filename: string;
    sha256: string;
    provenance: FileProvenance | null;
  }[];
}
