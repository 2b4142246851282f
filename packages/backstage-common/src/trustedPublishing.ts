/** Trusted publishing in the management API: publishers, and the verified provenance of uploaded files (wire types). */

/** A GitHub Actions workflow allowed to publish a project without a stored secret. */
export interface TrustedPublisher {
  id: string;
  repository: string;
  project: string;
  /** The project did not exist when the publisher was added; its first upload creates it. */
  pending: boolean;
  provider: 'github';
  repositoryOwner: string;
  repositoryOwnerId: string;
  repositoryName: string;
  /** `owner/name` */
  githubRepository: string;
  workflow: string;
  environment?: string;
  refPattern?: string;
  /** `config` publishers are changed in the configuration, not here. */
  source: 'api' | 'config';
  createdBy?: string;
  createdAt: string;
}

export interface NewTrustedPublisher {
  project: string;
  repositoryOwner: string;
  repositoryOwnerId: string;
  repositoryName: string;
  workflow: string;
  environment?: string;
  refPattern?: string;
}

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
