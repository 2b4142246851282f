import { NotFoundError } from '../errors';
import { PageModel } from '../proxy/pageModel';
import { PypiJsonInfo, toPypiJsonInfo } from '../metadata';
import {
  filetypeFor,
  latestVersions,
  parseDistributionFilename,
  versionIdentity,
} from '../pep';
import { RepositoryViews } from '../proxy/RepositoryViews';
import { IndexService, ProjectIndex } from '../service/IndexService';
import { indexYank } from '../service/visibility';
import { RepositoryRecord } from '../store/types';

export interface PypiJsonSources {
  index: IndexService;
  views: RepositoryViews;
}

/** Which document: a project's (`version` undefined, with every release) or one version's. */
export interface PypiJsonRequest {
  repository: RepositoryRecord;
  /** PEP 503 normalised. */
  project: string;
  version?: string;
  /** Absolute base URL the links are made from. */
  baseUrl: string;
}

/** The document, and the warning to send beside it (a proxy's page served stale). */
export interface PypiJsonDocument {
  body: string;
  warning?: string;
}

/** One file as the document lists it; digests the repository does not know are null. */
interface JsonFile {
  filename: string;
  url: string;
  sha256: string;
  md5?: string;
  blake2b_256?: string;
  requiresPython?: string;
  pythonVersion?: string;
  packagetype?: string;
  size?: number;
  uploadTime?: string;
  /** Set when yanked: the reason, empty when none was given. */
  yanked?: string;
}

interface JsonRelease {
  version: string;
  canonical: string;
  /** Offered to installers by default: the `info` version is the latest of these (PEP module's rule). */
  installable: boolean;
  yanked?: string;
  coreMetadata?: Record<string, unknown>;
  files: JsonFile[];
}

/** What every repository kind's document is rendered from. */
interface JsonProject {
  displayName: string;
  /** Absolute URL of the project's simple page. */
  projectUrl: string;
  /** Ascending PEP 440 order, as the simple page lists them. */
  releases: JsonRelease[];
  lastSerial: number;
}

/**
 * The PyPI JSON API document of a project in any kind of repository. A hosted repository's comes from its index
 * listing; a proxy's and a virtual one's from the very page model their simple page is rendered from (RepositoryViews),
 * so that they list what pip is offered there: the proxy's upstream files with its own file URLs and version states,
 * and for a virtual repository the members that win the project by PEP 708 local precedence and `tracks`.
 */
export async function pypiJsonDocument(
  sources: PypiJsonSources,
  request: PypiJsonRequest,
): Promise<PypiJsonDocument> {
  const { repository, baseUrl } = request;
  if (repository.kind === 'proxy' || repository.kind === 'virtual') {
    const viewed =
      repository.kind === 'proxy'
        ? await sources.views.proxyPage(repository, request.project)
        : await sources.views.virtualPage(repository, request.project);
    const projectUrl = `${baseUrl}/${repository.name}/simple/${viewed.model.name}/`;
    return {
      body: render(fromPageModel(viewed.model, projectUrl), request.version),
      warning: viewed.warning,
    };
  }
  const index = await sources.index.getProject(
    repository.name,
    request.project,
  );
  return {
    body: render(
      fromProjectIndex(index, `${baseUrl}/${repository.name}`),
      request.version,
    ),
  };
}

function fromProjectIndex(
  index: ProjectIndex,
  repositoryUrl: string,
): JsonProject {
  // Grouped once, in the index's order: filtering every file for each version is quadratic on long histories.
  const filesOf = new Map<number, ProjectIndex['files']>();
  for (const entry of index.files) {
    const files = filesOf.get(entry.version.id);
    if (files) files.push(entry);
    else filesOf.set(entry.version.id, [entry]);
  }
  return {
    displayName: index.project.displayName,
    projectUrl: `${repositoryUrl}/simple/${index.project.name}/`,
    releases: index.versions.map(version => {
      const yank = indexYank(version);
      const yanked = yank ? (yank.reason ?? '') : undefined;
      return {
        version: version.version,
        canonical: version.canonical,
        installable: !yank,
        yanked,
        coreMetadata: version.coreMetadata,
        files: (filesOf.get(version.id) ?? []).map(({ file }) => ({
          filename: file.filename,
          url: `${repositoryUrl}/files/${file.sha256}/${encodeURIComponent(file.filename)}`,
          sha256: file.sha256,
          md5: file.md5,
          blake2b_256: file.blake2_256,
          requiresPython: file.requiresPython,
          pythonVersion: file.pythonVersion,
          packagetype: file.filetype,
          size: file.size,
          uploadTime: file.uploadedAt,
          yanked,
        })),
      };
    }),
    lastSerial: index.files.reduce(
      (max, entry) => Math.max(max, entry.file.id),
      0,
    ),
  };
}

/**
 * A proxy's or virtual repository's page model grouped by release. Upstream pages yank files (PEP 592), PyPI's JSON
 * yanks releases: a release counts as yanked when all its files are.
 */
function fromPageModel(model: PageModel, projectUrl: string): JsonProject {
  const releases = new Map<string, JsonRelease>();
  const releaseOf = (version: string) => {
    const canonical = versionIdentity(version) ?? version;
    let release = releases.get(canonical);
    if (!release) {
      release = {
        version,
        canonical,
        installable: false,
        coreMetadata: model.metadata?.[canonical],
        files: [],
      };
      releases.set(canonical, release);
    }
    return release;
  };
  for (const version of model.versions) releaseOf(version);
  for (const file of model.files) {
    const parsed = parseDistributionFilename(file.filename);
    if (!parsed) continue;
    releaseOf(parsed.version).files.push({
      filename: file.filename,
      url: new URL(file.href, projectUrl).href,
      sha256: file.sha256,
      md5: file.md5,
      blake2b_256: file.blake2b_256,
      requiresPython: file.requiresPython,
      pythonVersion: parsed.kind === 'wheel' ? parsed.pythonTag : 'source',
      packagetype: filetypeFor(parsed),
      size: file.size,
      uploadTime: file.uploadTime,
      yanked: file.yanked,
    });
  }
  for (const release of releases.values()) {
    const yanked = release.files.filter(file => file.yanked !== undefined);
    release.installable = release.files.length > yanked.length;
    if (release.files.length && yanked.length === release.files.length)
      release.yanked = yanked[0].yanked;
  }
  return {
    displayName: model.displayName,
    projectUrl,
    releases: [...releases.values()],
    // Upstream pages carry no serial; PyPI's own is meaningless through a proxy.
    lastSerial: 0,
  };
}

function render(project: JsonProject, requested: string | undefined): string {
  const release = requested
    ? findRelease(project, requested)
    : latestRelease(project);
  const metadata = release.coreMetadata
    ? toPypiJsonInfo(release.coreMetadata as never)
    : minimalInfo(project.displayName, release.version);
  const document: Record<string, unknown> = {
    info: {
      ...metadata,
      package_url: project.projectUrl,
      project_url: project.projectUrl,
      release_url: `${project.projectUrl}#${release.version}`,
      bugtrack_url: null,
      docs_url: null,
      downloads: { last_day: -1, last_month: -1, last_week: -1 },
      yanked: release.yanked !== undefined,
      yanked_reason: release.yanked || null,
    },
    last_serial: project.lastSerial,
    urls: release.files.map(describeFile),
    vulnerabilities: [],
  };
  if (!requested)
    document.releases = Object.fromEntries(
      project.releases.map(entry => [
        entry.version,
        entry.files.map(describeFile),
      ]),
    );
  return JSON.stringify(document);
}

/**
 * What pip installs by default, as pypi.org reports it; when no listed version is installable, the newest of them
 * (the page still describes the project).
 */
function latestRelease(project: JsonProject): JsonRelease {
  const { latest } = latestVersions(
    project.releases.map(release => ({
      release,
      version: release.canonical,
      installable: release.installable,
    })),
  );
  const release =
    latest?.release ?? project.releases[project.releases.length - 1];
  if (!release)
    throw new NotFoundError(`Project ${project.displayName} not found`);
  return release;
}

function findRelease(project: JsonProject, requested: string): JsonRelease {
  const canonical = versionIdentity(requested);
  const found = project.releases.find(
    release => release.canonical === canonical,
  );
  if (!found)
    throw new NotFoundError(
      `Version ${requested} of ${project.displayName} not found`,
    );
  return found;
}

/** `info` of a version whose metadata the repository has not read (a proxy's file not fetched yet). */
function minimalInfo(name: string, version: string): PypiJsonInfo {
  return {
    author: null,
    author_email: null,
    classifiers: [],
    description: null,
    description_content_type: null,
    download_url: null,
    dynamic: null,
    home_page: null,
    keywords: null,
    license: null,
    license_expression: null,
    license_files: null,
    maintainer: null,
    maintainer_email: null,
    name,
    platform: null,
    project_urls: null,
    provides_extra: null,
    requires_dist: null,
    requires_python: null,
    summary: null,
    version,
  };
}

function describeFile(file: JsonFile) {
  const uploaded = file.uploadTime ? isoTime(file.uploadTime) : undefined;
  return {
    comment_text: '',
    digests: {
      blake2b_256: file.blake2b_256 ?? null,
      md5: file.md5 ?? null,
      sha256: file.sha256,
    },
    downloads: -1,
    filename: file.filename,
    has_sig: false,
    md5_digest: file.md5 ?? null,
    packagetype: file.packagetype ?? null,
    python_version: file.pythonVersion ?? null,
    requires_python: file.requiresPython ?? null,
    size: file.size ?? null,
    upload_time: uploaded ? uploaded.replace(/(\.\d+)?Z$/, '') : null,
    upload_time_iso_8601: uploaded ?? null,
    url: file.url,
    yanked: file.yanked !== undefined,
    yanked_reason: file.yanked || null,
  };
}

/** Upload times as PyPI writes them (UTC, `Z`); hosted ones are that already, upstream ones may not be. */
function isoTime(time: string): string | undefined {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(time)) return time;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}
