/** Answers of the management API for component tests, in the shapes the registry sends. */
import { TrustedPublisher } from '@wheelhouse/backstage-plugin-pypi-common';
import {
  DistributionFile,
  MetadataChange,
  ProjectDetails,
  ProjectPage,
  ProjectQuery,
  ProjectSummary,
  ProxyCache,
  RecycleBin,
  SetupGuide,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { PypiApi, VersionRef } from '../api';

export const XSS = '<img src=x onerror=alert(1)>';

export function projectSummary(
  overrides: Partial<ProjectSummary> = {},
): ProjectSummary {
  return {
    name: 'mylib',
    displayName: 'MyLib',
    latestVersion: '1.1.0',
    latestIsPrerelease: false,
    versionCount: 2,
    totalDownloads: 1234,
    totalSize: 2048,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-02T11:30:00.000Z',
    tags: [
      {
        tag: 'stable',
        version: '1.0.0',
        createdAt: '2026-01-01T10:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

export function projectDetails(
  overrides: Partial<ProjectDetails> = {},
): ProjectDetails {
  const base = (version: string, downloads: number) => ({
    version,
    canonical: version,
    status: 'active' as const,
    yanked: false,
    prerelease: false,
    summary: 'My library',
    fileCount: 2,
    size: 1024,
    downloads,
    uploadedAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
  });
  return {
    ...projectSummary(),
    versions: [base('1.1.0', 34), base('1.0.0', 1200)],
    ...overrides,
  };
}

export function versionDetails(
  version = '1.1.0',
  overrides: Partial<VersionDetails> = {},
): VersionDetails {
  const { tags: _tags, ...project } = projectSummary();
  return {
    project,
    version,
    canonical: version,
    status: 'active',
    yanked: false,
    prerelease: /(a|b|rc|dev)\d*$/.test(version),
    summary: `My library ${version}`,
    fileCount: 2,
    size: 1024,
    downloads: 34,
    uploadedAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    requiresPython: '>=3.9',
    uploadedBy: 'user:default/jane via token ci',
    files: [
      {
        filename: `mylib-${version}-py3-none-any.whl`,
        filetype: 'bdist_wheel',
        pythonVersion: 'py3',
        size: 512,
        sha256: 'a'.repeat(64),
        blake2_256: 'b'.repeat(64),
        md5: 'c'.repeat(32),
        uploadedAt: '2026-01-01T10:00:00.000Z',
        uploadedBy: 'user:default/jane via token ci',
        downloads: 30,
        hasMetadata: true,
      },
      {
        filename: `mylib-${version}.tar.gz`,
        filetype: 'sdist',
        pythonVersion: 'source',
        size: 512,
        sha256: 'd'.repeat(64),
        blake2_256: 'e'.repeat(64),
        md5: 'f'.repeat(32),
        uploadedAt: '2026-01-01T10:00:00.000Z',
        downloads: 4,
        hasMetadata: true,
      },
    ],
    coreMetadata: {
      metadataVersion: '2.1',
      name: 'MyLib',
      version,
      summary: `My library ${version}`,
      description: 'long text',
      classifiers: [
        'Programming Language :: Python :: 3',
        'License :: OSI Approved :: MIT License',
      ],
      requiresDist: [],
      projectUrls: { Source: 'https://example.com/mylib' },
      raw: {},
    },
    customMetadata: [
      {
        key: 'build',
        value: '42',
        updatedBy: 'user:default/jane',
        updatedAt: '2026-01-01T10:00:00.000Z',
      },
    ],
    tags: [],
    allTags: [
      {
        tag: 'stable',
        version: '1.0.0',
        createdAt: '2026-01-01T10:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

export function recycleBin(overrides: Partial<RecycleBin> = {}): RecycleBin {
  return {
    retentionDays: 30,
    items: [
      {
        project: 'mylib',
        displayName: 'MyLib',
        version: '0.9.0',
        canonical: '0.9',
        deletedAt: '2026-01-03T09:00:00.000Z',
        deletedBy: 'user:default/jane',
        reason: 'superseded',
        fileCount: 2,
        size: 4096,
        purgeAt: '2026-02-02T09:00:00.000Z',
        daysLeft: 12,
      },
    ],
    ...overrides,
  };
}

export function proxyCache(overrides: Partial<ProxyCache> = {}): ProxyCache {
  return {
    repository: 'pypi',
    upstream: 'https://pypi.org/simple/',
    projects: 12,
    files: 30,
    bytes: 5 * 1024 * 1024,
    counters: {
      pageHits: 1500,
      pageFetches: 40,
      pageRevalidations: 7,
      staleServed: 2,
      fileHits: 900,
      fileFetches: 30,
      hashMismatches: 1,
    },
    ...overrides,
  };
}

export function setupGuide(username = '__token__'): SetupGuide {
  const upload = 'http://portal.example/api/pypi/default/';
  const index = `${upload}simple/`;
  return {
    repository: 'default',
    indexUrl: index,
    uploadUrl: upload,
    push: {
      pypirc: `[distutils]\nindex-servers =\n    wheelhouse-default\n\n[wheelhouse-default]\nrepository = ${upload}\nusername = ${username}\npassword = <your API token>\n`,
      twineWithConfig: 'twine upload --repository wheelhouse-default dist/*',
      twineInline: `twine upload --repository-url ${upload} -u ${username} -p <your API token> dist/*`,
      uvPublish: `uv publish --publish-url ${upload} --username ${username} --password <your API token>`,
      poetry: `poetry config repositories.wheelhouse-default ${upload}`,
    },
    pull: {
      pipInstall: `pip install --index-url ${index} <package>`,
      pipConf: `[global]\nindex-url = ${index}\n`,
      requirementsTxt: `--index-url ${index}\n<package>==<version>\n`,
      uvIndex: `[[tool.uv.index]]\nname = "wheelhouse-default"\nurl = "${index}"\n`,
    },
  };
}

/** A PypiApi whose every method is a jest mock answering the fixtures above; overrides replace some. */
export function mockPypiApi(
  overrides: Partial<Record<keyof PypiApi, jest.Mock>> = {},
): jest.Mocked<PypiApi> {
  const api: jest.Mocked<PypiApi> = {
    listRepositories: jest.fn(async () => [
      { name: 'default', description: 'Team packages', anonymousRead: true },
    ]),
    listArtifacts: jest.fn(
      async (
        _repository: string,
        _query?: ProjectQuery,
      ): Promise<ProjectPage> => ({
        items: [projectSummary()],
        total: 1,
        offset: 0,
        limit: 20,
      }),
    ),
    getArtifact: jest.fn(async (_repository: string, _name: string) =>
      projectDetails(),
    ),
    getVersion: jest.fn(async ref =>
      versionDetails(ref.version === 'latest' ? '1.1.0' : ref.version),
    ),
    getDownloads: jest.fn(async (_repository, _name, options) => ({
      days: options?.days ?? 30,
      series: [
        { day: '2026-01-01', count: 3 },
        { day: '2026-01-02', count: 0 },
        { day: '2026-01-03', count: 7 },
      ],
    })),
    disableVersion: jest.fn(async (ref, reason) =>
      versionDetails(ref.version, {
        status: 'disabled',
        disabled: {
          at: '2026-01-04T00:00:00.000Z',
          by: 'user:default/jane',
          reason,
        },
      }),
    ),
    enableVersion: jest.fn(async ref => versionDetails(ref.version)),
    deleteVersion: jest.fn(async (ref: VersionRef, reason?: string) =>
      versionDetails(ref.version, {
        status: 'deleted',
        deleted: {
          at: '2026-01-04T00:00:00.000Z',
          by: 'user:default/jane',
          reason,
        },
      }),
    ),
    updateMetadata: jest.fn(async (ref: VersionRef, _change: MetadataChange) =>
      versionDetails(ref.version, { customMetadata: [] }),
    ),
    setTag: jest.fn(async (ref: VersionRef, tag: string) =>
      versionDetails(ref.version, {
        tags: [tag],
        allTags: [
          { tag, version: ref.version, createdAt: '2026-01-05T00:00:00.000Z' },
        ],
      }),
    ),
    removeTag: jest.fn(
      async (_repository: string, _name: string, _tag: string) =>
        versionDetails('1.1.0', { tags: [], allTags: [] }),
    ),
    getRecycleBin: jest.fn(async (_repository: string) => recycleBin()),
    restoreVersion: jest.fn(async ref => versionDetails(ref.version)),
    purgeVersion: jest.fn(async (ref: VersionRef) => ({
      purged: [{ project: ref.name, version: ref.version }],
    })),
    getCache: jest.fn(async (repository: string) => proxyCache({ repository })),
    purgeCache: jest.fn(async (repository: string, name: string) => ({
      repository,
      project: name,
      page: true,
      versions: 2,
    })),
    getGuide: jest.fn(async (_repository, options) =>
      setupGuide(options?.username),
    ),
    createPersonalToken: jest.fn(async request => ({
      token: 'whl_secret_token',
      id: 't1',
      name: request.name,
      scopes: request.scopes,
      createdAt: '2026-01-01T00:00:00.000Z',
    })),
    getProvenance: jest.fn(async ref => ({
      version: ref.version,
      files: [],
    })),
    listTrustedPublishers: jest.fn(
      async (
        _repository: string,
        _project?: string,
      ): Promise<TrustedPublisher[]> => [],
    ),
    addTrustedPublisher: jest.fn(async (repository, publisher) => ({
      ...publisher,
      id: 'p1',
      repository,
      pending: false,
      provider: 'github' as const,
      githubRepository: `${publisher.repositoryOwner}/${publisher.repositoryName}`,
      source: 'api' as const,
      createdAt: '2026-01-01T00:00:00.000Z',
    })),
    removeTrustedPublisher: jest.fn(
      async (_repository: string, _id: string) => undefined,
    ),
    getFileUrl: jest.fn(
      async (repository, file) =>
        `http://portal.example/api/pypi/${repository}/files/${file.sha256}/${file.filename}`,
    ),
    downloadFile: jest.fn(
      async (
        _repository: string,
        _file: Pick<DistributionFile, 'sha256' | 'filename'>,
      ) => new Blob(['x']),
    ),
  };
  return Object.assign(api, overrides);
}
