import {
  basicAuthorization,
  expectOk,
  HttpRequest,
  sendRequest,
  Transport,
} from '../http/request';
import { RetryOptions, withRetries } from '../http/retry';
import {
  ProjectDetails,
  MetadataChange,
  RecycleBinEntry,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';

export interface ManagementClientOptions {
  /** The repository's API root: `{base}/api/v1/repositories/{repo}` (see parseRepositoryUrl). */
  apiUrl: string;
  username?: string;
  password: string;
  retry?: RetryOptions;
  userAgent?: string;
  timeoutMs?: number;
  transport?: Transport;
}

const segment = encodeURIComponent;

/**
 * The management API of one repository. Every call is retried on 5xx and network errors; a 4xx throws an
 * HttpError with the server's message (`{"error": {"message"}}`).
 */
export class ManagementClient {
  constructor(private readonly options: ManagementClientOptions) {}

  getArtifact(name: string): Promise<ProjectDetails> {
    return this.request('GET', `/packages/${segment(name)}`);
  }

  getVersion(name: string, version: string): Promise<VersionDetails> {
    return this.request('GET', this.versionPath(name, version));
  }

  disable(
    name: string,
    version: string,
    reason: string,
  ): Promise<VersionDetails> {
    return this.request('POST', `${this.versionPath(name, version)}/disable`, {
      reason,
    });
  }

  enable(name: string, version: string): Promise<VersionDetails> {
    return this.request(
      'POST',
      `${this.versionPath(name, version)}/enable`,
      {},
    );
  }

  /** PEP 592: pip skips a yanked version unless it is pinned exactly, and shows the reason when it installs it. */
  yank(
    name: string,
    version: string,
    reason?: string,
  ): Promise<VersionDetails> {
    return this.request(
      'POST',
      `${this.versionPath(name, version)}/yank`,
      reason ? { reason } : {},
    );
  }

  unyank(name: string, version: string): Promise<VersionDetails> {
    return this.request(
      'POST',
      `${this.versionPath(name, version)}/unyank`,
      {},
    );
  }

  /** Moves the version to the recycle bin. */
  delete(
    name: string,
    version: string,
    reason?: string,
  ): Promise<VersionDetails> {
    return this.request(
      'DELETE',
      this.versionPath(name, version),
      reason ? { reason } : undefined,
    );
  }

  restore(name: string, version: string): Promise<VersionDetails> {
    return this.request(
      'POST',
      `/recycle-bin/${segment(name)}/${segment(version)}/restore`,
      {},
    );
  }

  async recycleBin(): Promise<RecycleBinEntry[]> {
    return (
      await this.request<{ items: RecycleBinEntry[] }>('GET', '/recycle-bin')
    ).items;
  }

  updateMetadata(
    name: string,
    version: string,
    change: MetadataChange,
  ): Promise<VersionDetails> {
    return this.request(
      'PATCH',
      `${this.versionPath(name, version)}/metadata`,
      change,
    );
  }

  setTag(name: string, tag: string, version: string): Promise<VersionDetails> {
    return this.request(
      'PUT',
      `/packages/${segment(name)}/tags/${segment(tag)}`,
      { version },
    );
  }

  removeTag(name: string, tag: string): Promise<VersionDetails> {
    return this.request(
      'DELETE',
      `/packages/${segment(name)}/tags/${segment(tag)}`,
    );
  }

  private versionPath(name: string, version: string): string {
    return `/packages/${segment(name)}/versions/${segment(version)}`;
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string | number> = {
      authorization: basicAuthorization(
        this.options.username ?? '__token__',
        this.options.password,
      ),
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'wheelhouse-registry-client',
    };
    let payload: Buffer | undefined;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body), 'utf8');
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const request: HttpRequest = {
      method,
      url: `${this.options.apiUrl}${path}`,
      headers,
      body: payload,
      timeoutMs: this.options.timeoutMs ?? 60_000,
      transport: this.options.transport,
    };
    const response = await withRetries(
      async () => expectOk(request, await sendRequest(request)),
      this.options.retry,
    );
    return JSON.parse(response.body.toString('utf8')) as T;
  }
}
