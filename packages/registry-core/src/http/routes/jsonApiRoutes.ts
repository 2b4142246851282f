import { Request, Response, Router } from 'express';
import { NotFoundError } from '../../errors';
import { toPypiJsonInfo } from '../../metadata';
import {
  latestVersions,
  normalizeProjectName,
  versionIdentity,
} from '../../pep';
import { IndexFile, ProjectIndex } from '../../service/IndexService';
import { indexYank } from '../../service/visibility';
import { VersionRecord } from '../../store/types';
import { handle, RequestContext } from '../RequestContext';
import { sendCachedPage } from '../sendCachedPage';

/**
 * The PyPI JSON API (`/{repo}/pypi/{project}/json` and `/{repo}/pypi/{project}/{version}/json`), as read by
 * Renovate, Dependabot, pip-audit and poetry. It lists what the simple API lists (disabled versions as yanked, unless
 * the repository hides them); `info` describes the latest version by the PEP module's rule, as pip would pick it.
 */
export function jsonApiRoutes(context: RequestContext): Router {
  const router = Router({ strict: true });

  const serve = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    await context.authorize(request, 'package.read', repository);
    const base = context.baseUrl(request);
    const requested = request.params.version;
    // Cached like the index pages (and compressed once with them): the document depends on the version asked for
    // and the base URL the links are made from, besides the project.
    const page = await context.registry.pages.get(
      {
        repository,
        project: normalizeProjectName(request.params.project),
        format: `pypi-json\u0001${requested ?? ''}\u0001${base}`,
      },
      async () => {
        const index = await context.registry.index.getProject(
          repository,
          request.params.project,
        );
        const fileUrl = (entry: IndexFile) =>
          `${base}/${repository}/files/${entry.file.sha256}/${encodeURIComponent(entry.file.filename)}`;
        const filesOf = (version: VersionRecord) =>
          index.files
            .filter(entry => entry.version.id === version.id)
            .map(entry => describeFile(entry, fileUrl(entry)));

        const version = requested
          ? findVersion(index, requested)
          : latestVersion(index);
        const projectUrl = `${base}/${repository}/simple/${index.project.name}/`;
        const document: Record<string, unknown> = {
          info: {
            ...toPypiJsonInfo(
              (version.coreMetadata ?? {
                name: index.project.displayName,
                version: version.version,
              }) as never,
            ),
            package_url: projectUrl,
            project_url: projectUrl,
            release_url: `${projectUrl}#${version.version}`,
            bugtrack_url: null,
            docs_url: null,
            downloads: { last_day: -1, last_month: -1, last_week: -1 },
            yanked: Boolean(indexYank(version)),
            yanked_reason: indexYank(version)?.reason ?? null,
          },
          last_serial: index.files.reduce(
            (max, entry) => Math.max(max, entry.file.id),
            0,
          ),
          urls: filesOf(version),
          vulnerabilities: [],
        };
        if (!requested) {
          document.releases = Object.fromEntries(
            index.versions.map(entry => [entry.version, filesOf(entry)]),
          );
        }
        return JSON.stringify(document);
      },
    );
    await sendCachedPage(request, response, page, {
      contentType: 'application/json; charset=utf-8',
      isPublic: context.isPublic(repository),
      vary: 'Authorization',
    });
  });

  router.get('/:repo/pypi/:project/json', serve);
  router.get('/:repo/pypi/:project/:version/json', serve);
  return router;
}

/**
 * What pip installs by default, as pypi.org reports it; when every listed version is yanked or disabled, the newest
 * of them (the page still describes the project).
 */
function latestVersion(index: ProjectIndex): VersionRecord {
  const { latest } = latestVersions(
    index.versions.map(record => ({
      record,
      version: record.canonical,
      installable: !indexYank(record),
    })),
  );
  return latest?.record ?? index.versions[index.versions.length - 1];
}

function findVersion(index: ProjectIndex, requested: string): VersionRecord {
  const canonical = versionIdentity(requested);
  const found = index.versions.find(version => version.canonical === canonical);
  if (!found)
    throw new NotFoundError(
      `Version ${requested} of ${index.project.displayName} not found`,
    );
  return found;
}

function describeFile({ file, version }: IndexFile, url: string) {
  return {
    comment_text: '',
    digests: {
      blake2b_256: file.blake2_256,
      md5: file.md5,
      sha256: file.sha256,
    },
    downloads: -1,
    filename: file.filename,
    has_sig: false,
    md5_digest: file.md5,
    packagetype: file.filetype,
    python_version: file.pythonVersion ?? null,
    requires_python: file.requiresPython ?? null,
    size: file.size,
    upload_time: file.uploadedAt.replace(/\.\d+Z$/, ''),
    upload_time_iso_8601: file.uploadedAt,
    url,
    yanked: Boolean(indexYank(version)),
    yanked_reason: indexYank(version)?.reason ?? null,
  };
}
