import {
  NewTrustedPublisher,
  TrustedPublisher,
  VersionProvenance,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { PypiApi, VersionRef } from './PypiApi';
import { PypiApiError } from './PypiApiError';
import {
  CachePurgeResult,
  CreatedToken,
  DistributionFile,
  DownloadSeries,
  MetadataChange,
  NewToken,
  ProjectDetails,
  ProjectPage,
  ProjectQuery,
  ProxyCache,
  PurgeResult,
  RecycleBin,
  Repository,
  SetupGuide,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';

type Query = Record<string, string | number | undefined>;

const segment = encodeURIComponent;

const repo = (repository: string) =>
  `/api/v1/repositories/${segment(repository)}`;
const version = (ref: VersionRef) =>
  `${repo(ref.repository)}/packages/${segment(ref.name)}/versions/${segment(ref.version)}`;
const binEntry = (ref: VersionRef) =>
  `${repo(ref.repository)}/recycle-bin/${segment(ref.name)}/${segment(ref.version)}`;

/**
 * The PypiApi over HTTP: discovery finds the pypi backend plugin (`…/api/pypi`), fetchApi adds the user's
 * Backstage token, and the backend's permission policy decides.
 */
export class PypiClient implements PypiApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listRepositories(): Promise<Repository[]> {
    return (
      await this.json<{ items: Repository[] }>('GET', '/api/v1/repositories')
    ).items;
  }

  listArtifacts(
    repository: string,
    query: ProjectQuery = {},
  ): Promise<ProjectPage> {
    return this.json('GET', `${repo(repository)}/packages`, {
      query: {
        search: query.search || undefined,
        sort: query.sort,
        order: query.order,
        offset: query.offset,
        limit: query.limit,
      },
    });
  }

  getArtifact(repository: string, name: string): Promise<ProjectDetails> {
    return this.json('GET', `${repo(repository)}/packages/${segment(name)}`);
  }

  getVersion(ref: VersionRef): Promise<VersionDetails> {
    return this.json('GET', version(ref));
  }

  getDownloads(
    repository: string,
    name: string,
    options: { days?: number; version?: string } = {},
  ): Promise<DownloadSeries> {
    return this.json(
      'GET',
      `${repo(repository)}/packages/${segment(name)}/downloads`,
      {
        query: { days: options.days, version: options.version },
      },
    );
  }

  disableVersion(ref: VersionRef, reason: string): Promise<VersionDetails> {
    return this.json('POST', `${version(ref)}/disable`, { body: { reason } });
  }

  enableVersion(ref: VersionRef): Promise<VersionDetails> {
    return this.json('POST', `${version(ref)}/enable`, { body: {} });
  }

  deleteVersion(ref: VersionRef, reason?: string): Promise<VersionDetails> {
    return this.json('DELETE', version(ref), {
      body: reason ? { reason } : {},
    });
  }

  updateMetadata(
    ref: VersionRef,
    change: MetadataChange,
  ): Promise<VersionDetails> {
    return this.json('PATCH', `${version(ref)}/metadata`, { body: change });
  }

  setTag(ref: VersionRef, tag: string): Promise<VersionDetails> {
    return this.json(
      'PUT',
      `${repo(ref.repository)}/packages/${segment(ref.name)}/tags/${segment(tag)}`,
      { body: { version: ref.version } },
    );
  }

  removeTag(
    repository: string,
    name: string,
    tag: string,
  ): Promise<VersionDetails> {
    return this.json(
      'DELETE',
      `${repo(repository)}/packages/${segment(name)}/tags/${segment(tag)}`,
    );
  }

  getRecycleBin(repository: string): Promise<RecycleBin> {
    return this.json('GET', `${repo(repository)}/recycle-bin`);
  }

  restoreVersion(ref: VersionRef): Promise<VersionDetails> {
    return this.json('POST', `${binEntry(ref)}/restore`, { body: {} });
  }

  purgeVersion(ref: VersionRef): Promise<PurgeResult> {
    return this.json('DELETE', binEntry(ref));
  }

  getCache(repository: string): Promise<ProxyCache> {
    return this.json('GET', `${repo(repository)}/cache`);
  }

  purgeCache(repository: string, name: string): Promise<CachePurgeResult> {
    return this.json(
      'POST',
      `${repo(repository)}/packages/${segment(name)}/cache/purge`,
      { body: {} },
    );
  }

  getGuide(
    repository: string,
    options: { username?: string } = {},
  ): Promise<SetupGuide> {
    return this.json('GET', `${repo(repository)}/guide`, {
      query: { username: options.username },
    });
  }

  createPersonalToken(request: NewToken): Promise<CreatedToken> {
    return this.json('POST', '/api/v1/me/tokens', { body: request });
  }

  async getFileUrl(
    repository: string,
    file: Pick<DistributionFile, 'sha256' | 'filename'>,
  ): Promise<string> {
    return `${await this.baseUrl()}/${segment(repository)}/files/${segment(file.sha256)}/${segment(file.filename)}`;
  }

  async downloadFile(
    repository: string,
    file: Pick<DistributionFile, 'sha256' | 'filename'>,
  ): Promise<Blob> {
    const response = await this.fetchApi.fetch(
      await this.getFileUrl(repository, file),
    );
    if (!response.ok) throw await PypiApiError.fromResponse(response);
    return response.blob();
  }

  async getProvenance(ref: VersionRef): Promise<VersionProvenance> {
    return this.json('GET', `${version(ref)}/provenance`);
  }

  async listTrustedPublishers(
    repository: string,
    project?: string,
  ): Promise<TrustedPublisher[]> {
    const path = project
      ? `${repo(repository)}/packages/${segment(project)}/trusted-publishers`
      : `${repo(repository)}/trusted-publishers`;
    return (await this.json<{ items: TrustedPublisher[] }>('GET', path)).items;
  }

  async addTrustedPublisher(
    repository: string,
    publisher: NewTrustedPublisher,
  ): Promise<TrustedPublisher> {
    return this.json('POST', `${repo(repository)}/trusted-publishers`, {
      body: publisher,
    });
  }

  async removeTrustedPublisher(repository: string, id: string): Promise<void> {
    await this.json(
      'DELETE',
      `${repo(repository)}/trusted-publishers/${segment(id)}`,
    );
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('pypi');
  }

  private async json<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(`${await this.baseUrl()}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '')
        url.searchParams.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(url.toString(), {
      method,
      headers:
        options.body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (!response.ok) throw await PypiApiError.fromResponse(response);
    return (await response.json()) as T;
  }
}
