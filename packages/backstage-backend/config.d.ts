import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Wheelhouse: the private PyPI repository served under /api/pypi. */
  pypi?: {
    /**
     * The repositories, each with its own packages. Default: one repository `default` that anyone may read.
     * pip's index URL is `<backend>/api/pypi/<name>/simple/`.
     */
    repositories?: Array<{
      /** Lowercase letters, digits, `.`, `_`, `-`. */
      name: string;
      description?: string;
      /** Whether pip may read without a token. Default false. */
      anonymousRead?: boolean;
      /**
       * How the index shows disabled versions. `yanked` (default): listed as yanked with the reason (PEP 592), so a
       * pinned `pip install` prints why before the download answers 403. `hidden`: left out, as if never uploaded.
       */
      disabledVersions?: 'yanked' | 'hidden';
      /**
       * `hosted` (default): keeps what is uploaded. `proxy`: serves an upstream simple index and stores what it
       * fetches. `virtual`: one index URL over `members`, hosted ones first by PEP 708 (a public project named like a
       * hosted one is not served unless the hosted project declares it `tracks` it).
       */
      kind?: 'hosted' | 'proxy' | 'virtual';
      /** proxy only: the upstream. */
      upstream?: {
        /** The upstream simple index. Default https://pypi.org/simple/. */
        url?: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        /**
         * Sent as a Bearer token when no username is given.
         * @visibility secret
         */
        token?: string;
        /** Default 30. */
        timeoutSeconds?: number;
        /** How long a fetched page is used before revalidation; default the upstream's max-age, else 600. */
        ttlSeconds?: number;
        /**
         * Hosts the upstream's file URLs may point at besides its own; default files.pythonhosted.org for pypi.org,
         * else none. Nothing elsewhere is fetched, redirects included.
         */
        fileHosts?: string[];
      };
      /** virtual only: hosted and proxy repositories, in order of precedence. */
      members?: string[];
      /** virtual only: the hosted member that uploads to the virtual URL go to; without it they are refused. */
      uploadTo?: string;
    }>;
    /**
     * Where distribution files are kept. Default: a local directory `.wheelhouse/backstage/blobs` under the working
     * directory. One storage location belongs to one database: the registry records its database's id in it
     * (`wheelhouse-owner.json`) and refuses to start on a location another database owns.
     */
    storage?:
      | {
          type: 'local';
          /** Default `.wheelhouse/backstage/blobs`. */
          directory?: string;
        }
      | {
          type: 's3';
          bucket: string;
          region?: string;
          /** For S3-compatible services (Ceph RGW, MinIO, ...). */
          endpoint?: string;
          /** Path-style addressing, as most S3-compatible services need. */
          forcePathStyle?: boolean;
          /** Key prefix inside the bucket. */
          prefix?: string;
          /** Local directory for uploads in flight. Default: the OS temporary directory. */
          stagingDirectory?: string;
          credentials?: {
            accessKeyId: string;
            /** @visibility secret */
            secretAccessKey: string;
          };
        };
    /** Timeouts on the plugin's database, so that no request hangs when it is down or frozen (answered 503). */
    database?: {
      /** Longest wait for a connection (pool or a new one). Default 5 seconds. */
      acquireTimeout?: HumanDuration | string;
      /** Longest a statement may take (PostgreSQL, and the client's wait for an answer). Default 15 seconds. */
      statementTimeout?: HumanDuration | string;
    };
    /** The blob collector: removes files no version uses any more, leftovers of rejected or killed uploads. */
    blobCollection?: {
      /** How long an unreferenced file, an upload's claim or a staging file is left alone. Default 1 hour. */
      gracePeriod?: HumanDuration | string;
      /** When it runs (on every replica; a lease in the database lets one at a time collect blobs). Default hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Largest accepted distribution file in bytes. Default 1 GiB. */
    maxUploadBytes?: number;
    recycleBin?: {
      /** How long deleted versions are kept before they are purged, e.g. `{ days: 30 }`; `false` keeps them. */
      retention?: HumanDuration | string | false;
      /** When the purge runs. Default: hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** How often each replica writes its download counts. Default 10 seconds. */
    downloadFlushFrequency?: HumanDuration | string;
    /** Trusted publishing from GitHub Actions (OpenID Connect), served under /api/pypi/_/oidc/. */
    oidc?: {
      /** The audience a job requests its token for; answered by GET /_/oidc/audience. Default `wheelhouse`. */
      audience?: string;
      /** The token issuer. Default GitHub's; GitHub Enterprise Server: `https://HOST/_services/token`. */
      issuer?: string;
      /** Where the issuer's keys are. Default: from the issuer's /.well-known/openid-configuration. */
      jwksUrl?: string;
      /** Web server of the issuer's repositories, for links. Default https://github.com. */
      serverUrl?: string;
      /** Lifetime of a minted upload token. Default 900. */
      tokenLifetimeSeconds?: number;
      /** Leeway for exp, nbf and iat. Default 30. */
      clockToleranceSeconds?: number;
      /** Least time between two fetches of the issuer's keys. Default 10. */
      jwksRefetchIntervalSeconds?: number;
    };
    /** Workflows allowed to publish a project without a stored secret (more can be added through the API). */
    trustedPublishers?: Array<{
      /** The registry repository. */
      repository: string;
      project: string;
      /** GitHub user or organisation. */
      repositoryOwner: string;
      /** Its numeric id (https://api.github.com/users/OWNER answers it): a re-created owner of the same name differs. */
      repositoryOwnerId: string;
      repositoryName: string;
      /** File name under .github/workflows, e.g. release.yml. */
      workflow: string;
      environment?: string;
      /** Glob on the ref, e.g. refs/tags/v*. */
      refPattern?: string;
    }>;
  };
}
