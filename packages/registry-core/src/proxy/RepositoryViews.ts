import { NotFoundError, RegistryError } from '../errors';
import { fileHref } from '../http/simple/renderSimple';
import { PageFile, PageModel } from './pageModel';
import {
  compareVersions,
  normalizeProjectName,
  parseDistributionFilename,
  parseVersion,
  versionIdentity,
} from '../pep';
import { IndexService, ProjectIndex } from '../service/IndexService';
import { assertDownloadable, indexYank } from '../service/visibility';
import { ListingStore } from '../store/ProjectStore';
import { FileRecord, RepositoryRecord, VersionRecord } from '../store/types';
import { ProxiedPage, ProxyService } from './ProxyService';
import { ProxyStore } from './ProxyStore';
import { leafMembers } from './repositoryKinds';
import { UpstreamFile, UpstreamIndex } from './UpstreamIndex';

export interface RepositoryViewsOptions {
  index: IndexService;
  projects: ListingStore;
  proxy: ProxyService;
  store: ProxyStore;
  repository: (name: string) => RepositoryRecord | undefined;
  upstream: (repository: RepositoryRecord) => UpstreamIndex;
}

/** A page with the warning to send beside it (a stale upstream page). */
export interface ViewedPage {
  model: PageModel;
  warning?: string;
}

/** Where a virtual repository's file comes from: a stored file of a member, or an upstream file a proxy fetches. */
export type ResolvedFile =
  | { kind: 'stored'; repository: RepositoryRecord; file: FileRecord }
  | {
      kind: 'upstream';
      repository: RepositoryRecord;
      located: Awaited<ReturnType<ProxyService['locate']>>;
    };

/**
 * What proxy and virtual repositories show. A proxy's page is the upstream's, with the proxy's own version states on
 * top (a version disabled or deleted in the proxy is yanked or left out as in a hosted repository). A virtual page
 * merges its members in order (first one wins a filename) with PEP 708's local precedence: when a hosted member has
 * the project, proxy members add nothing unless the hosted project `tracks` that proxy's upstream project.
 */
export class RepositoryViews {
  constructor(private readonly options: RepositoryViewsOptions) {}

  async proxyPage(
    repository: RepositoryRecord,
    project: string,
  ): Promise<ViewedPage> {
    const page = await this.options.proxy.page(repository, project);
    return {
      model: await this.proxyModel(repository, page),
      warning: page.warning,
    };
  }

  private async proxyModel(
    repository: RepositoryRecord,
    page: ProxiedPage,
  ): Promise<PageModel> {
    const listing = await this.options.projects.getProjectListing(
      repository.name,
      page.project.name,
      {
        includeDeleted: true,
      },
    );
    const states = new Map<string, VersionRecord>(
      (listing?.versions ?? []).map(version => [version.canonical, version]),
    );
    const hidden = repository.disabledVersions === 'hidden';
    const stored = new Map(
      (listing?.files ?? []).map(file => [file.filename, file]),
    );
    const blocked = new Set<string>();
    const files: PageFile[] = [];
    for (const file of page.files) {
      const canonical = canonicalOf(file.filename);
      const state = canonical ? states.get(canonical) : undefined;
      if (state?.deleted || (state?.disabled && hidden)) {
        blocked.add(canonical!);
        continue;
      }
      const yank = state ? indexYank(state) : undefined;
      files.push(
        upstreamPageFile(file, {
          yanked: yank ? (yank.reason ?? '') : file.yanked,
          blake2b_256: stored.get(file.filename)?.blake2_256,
          md5: stored.get(file.filename)?.md5,
        }),
      );
    }
    const versions = (page.project.versions ?? versionsOf(page.files)).filter(
      version => !blocked.has(versionIdentity(version) ?? version),
    );
    return {
      name: page.project.name,
      displayName: page.project.displayName,
      versions,
      files,
      metadata: metadataOf(listing?.versions ?? []),
    };
  }

  async virtualPage(
    repository: RepositoryRecord,
    project: string,
  ): Promise<ViewedPage> {
    const leaves = this.leaves(repository);
    const hosted = await this.hostedIndexes(leaves, project);
    const proxies = await this.allowedProxies(leaves, hosted, project);
    const files = new Map<string, PageFile>();
    const versions: string[] = [];
    let displayName: string | undefined;
    let failure: RegistryError | undefined;
    const warnings: string[] = [];
    const alternateLocations: string[] = [];
    const metadata: Record<string, Record<string, unknown>> = {};
    const addMetadata = (known: Record<string, Record<string, unknown>>) => {
      for (const [canonical, fields] of Object.entries(known))
        metadata[canonical] ??= fields;
    };
    for (const leaf of leaves) {
      if ((leaf.kind ?? 'hosted') === 'hosted') {
        const index = hosted.get(leaf.name);
        if (!index) continue;
        displayName ??= index.project.displayName;
        versions.push(...index.versions.map(version => version.version));
        addMetadata(metadataOf(index.versions));
        for (const entry of hostedPageFiles(index))
          if (!files.has(entry.filename)) files.set(entry.filename, entry);
        continue;
      }
      if (!proxies.includes(leaf)) continue;
      let viewed: ViewedPage;
      try {
        viewed = await this.proxyPage(leaf, project);
      } catch (error) {
        if (error instanceof NotFoundError) continue;
        if (error instanceof RegistryError && error.status >= 500) {
          failure ??= error;
          continue;
        }
        throw error;
      }
      if (viewed.warning) warnings.push(viewed.warning);
      displayName ??= viewed.model.displayName;
      versions.push(...viewed.model.versions);
      addMetadata(viewed.model.metadata ?? {});
      for (const entry of viewed.model.files)
        if (!files.has(entry.filename)) files.set(entry.filename, entry);
      alternateLocations.push(this.options.upstream(leaf).projectUrl(project));
    }
    if (displayName === undefined)
      throw failure ?? new NotFoundError(`Project ${project} not found`);
    if (failure)
      warnings.push(`199 - "${failure.message.replace(/["\\]/g, "'")}"`);
    const tracks = [
      ...new Set([...hosted.values()].flatMap(index => index.tracks)),
    ];
    return {
      model: {
        name: project,
        displayName,
        versions: sortVersions(versions),
        files: [...files.values()],
        tracks,
        alternateLocations,
        metadata,
      },
      warning: warnings.length ? warnings.join(', ') : undefined,
    };
  }

  /** The projects a proxy has stored pages of (its upstream's whole list is not fetched: PyPI's has 600 000). */
  async proxyProjects(repository: RepositoryRecord) {
    return this.options.store.listProjects(repository.name);
  }

  async virtualProjects(repository: RepositoryRecord) {
    const byName = new Map<string, { name: string; displayName: string }>();
    for (const leaf of this.leaves(repository)) {
      const projects =
        leaf.kind === 'proxy'
          ? await this.proxyProjects(leaf)
          : await this.options.index.listProjects(leaf.name);
      for (const project of projects)
        if (!byName.has(project.name)) byName.set(project.name, project);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Which member serves a file a virtual page listed, with the same precedence as the page. */
  async resolveVirtualFile(
    repository: RepositoryRecord,
    sha256: string,
    filename: string,
  ): Promise<ResolvedFile> {
    const parsed = parseDistributionFilename(filename);
    if (!parsed) throw new NotFoundError('File not found');
    const project = normalizeProjectName(parsed.name);
    const leaves = this.leaves(repository);
    for (const leaf of leaves) {
      if (leaf.kind === 'proxy') continue;
      const location = await this.options.projects.findFile(
        leaf.name,
        sha256,
        filename,
      );
      if (!location) continue;
      assertDownloadable(location.version, location.project.displayName);
      return { kind: 'stored', repository: leaf, file: location.file };
    }
    const hosted = await this.hostedIndexes(leaves, project);
    for (const leaf of await this.allowedProxies(leaves, hosted, project)) {
      try {
        const located = await this.options.proxy.locate(leaf, sha256, filename);
        return located.stored
          ? { kind: 'stored', repository: leaf, file: located.stored }
          : { kind: 'upstream', repository: leaf, located };
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    throw new NotFoundError('File not found');
  }

  private leaves(repository: RepositoryRecord): RepositoryRecord[] {
    return leafMembers(repository.name, this.options.repository);
  }

  /** The hosted members that list the project, with the `tracks` each declares for it. */
  private async hostedIndexes(leaves: RepositoryRecord[], project: string) {
    const result = new Map<string, ProjectIndex & { tracks: string[] }>();
    for (const leaf of leaves) {
      if ((leaf.kind ?? 'hosted') !== 'hosted') continue;
      try {
        const index = await this.options.index.getProject(leaf.name, project);
        result.set(leaf.name, {
          ...index,
          tracks: await this.options.store.getTracks(leaf.name, project),
        });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return result;
  }

  /** PEP 708: every proxy when no hosted member has the project; else only those whose upstream project is tracked. */
  private async allowedProxies(
    leaves: RepositoryRecord[],
    hosted: Map<string, { tracks: string[] }>,
    project: string,
  ): Promise<RepositoryRecord[]> {
    const proxies = leaves.filter(leaf => leaf.kind === 'proxy');
    if (!hosted.size) return proxies;
    const tracked = new Set(
      [...hosted.values()].flatMap(index => index.tracks.map(sameUrl)),
    );
    return proxies.filter(leaf =>
      tracked.has(sameUrl(this.options.upstream(leaf).projectUrl(project))),
    );
  }
}

/** URLs compared as PEP 708 tracks are: scheme and host case-insensitive, a trailing slash optional. */
export function sameUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

function canonicalOf(filename: string): string | undefined {
  const parsed = parseDistributionFilename(filename);
  return parsed ? versionIdentity(parsed.version) : undefined;
}

function upstreamPageFile(
  file: UpstreamFile,
  extra: Partial<PageFile>,
): PageFile {
  return {
    filename: file.filename,
    href: fileHref(file.sha256, file.filename),
    sha256: file.sha256,
    requiresPython: file.requiresPython,
    metadataSha256: file.metadataSha256,
    yanked: file.yanked,
    size: file.size,
    uploadTime: file.uploadTime,
    ...extra,
  };
}

function hostedPageFiles(index: ProjectIndex): PageFile[] {
  return index.files.map(({ file, version }) => {
    const yank = indexYank(version);
    return {
      filename: file.filename,
      href: fileHref(file.sha256, file.filename),
      sha256: file.sha256,
      blake2b_256: file.blake2_256,
      md5: file.md5,
      requiresPython: file.requiresPython,
      metadataSha256: file.metadataSha256,
      yanked: yank ? (yank.reason ?? '') : undefined,
      size: file.size,
      uploadTime: file.uploadedAt,
    };
  });
}

/** The core metadata known for listed versions (those with a stored file whose METADATA could be read). */
function metadataOf(
  versions: VersionRecord[],
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    versions
      .filter(version => !version.deleted && version.coreMetadata)
      .map(version => [version.canonical, version.coreMetadata!]),
  );
}

function versionsOf(files: UpstreamFile[]): string[] {
  const versions = new Map<string, string>();
  for (const file of files) {
    const parsed = parseDistributionFilename(file.filename);
    if (parsed)
      versions.set(
        versionIdentity(parsed.version) ?? parsed.version,
        parsed.version,
      );
  }
  return sortVersions([...versions.values()]);
}

/** Ascending PEP 440 order, one entry per version; what does not parse goes last, as it came. */
function sortVersions(versions: string[]): string[] {
  const unique = new Map<string, string>();
  for (const version of versions) {
    const key = versionIdentity(version) ?? version;
    if (!unique.has(key)) unique.set(key, version);
  }
  const parsed = [...unique.values()].map(text => ({
    text,
    version: parseVersion(text),
  }));
  const valid = parsed.filter(entry => entry.version);
  const invalid = parsed.filter(entry => !entry.version);
  valid.sort((a, b) => compareVersions(a.version!, b.version!));
  return [...valid, ...invalid].map(entry => entry.text);
}
