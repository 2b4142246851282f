import { Request, Response, Router } from 'express';
import { NotFoundError } from '../../errors';
import { toPypiJsonInfo } from '../../metadata';
import { parseVersion, versionIdentity } from '../../pep';
import { IndexFile, ProjectIndex } from '../../service/IndexService';
import { VersionRecord } from '../../store/types';
import { handle, RequestContext } from '../RequestContext';

/**
 * The PyPI JSON API (`/{repo}/pypi/{project}/json` and `/{repo}/pypi/{project}/{version}/json`), as read by
 * Renovate, Dependabot, pip-audit and poetry. Like the simple API it lists installable versions only.
 */
export function jsonApiRoutes(context: RequestContext): Router {
  const router = Router({ strict: true });

  const serve = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    await context.authorize(request, 'package.read', repository);
    const index = await context.registry.index.getProject(
      repository,
      request.params.project,
    );
    const base = context.baseUrl(request);
    const fileUrl = (entry: IndexFile) =>
      `${base}/${repository}/files/${entry.file.sha256}/${encodeURIComponent(entry.file.filename)}`;
    const filesOf = (version: VersionRecord) =>
      index.files
        .filter(entry => entry.version.id === version.id)
        .map(entry => describeFile(entry, fileUrl(entry)));

    const requested = request.params.version;
    const version = requested
      ? findVersion(index, requested)
      : latestVersion(index);
    const projectUrl = `${base}/${repository}/simple/${index.project.name}/`;
    const body: Record<string, unknown> = {
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
        yanked: Boolean(version.yanked),
        yanked_reason: version.yanked?.reason ?? null,
      },
      last_serial: index.files.reduce(
        (max, entry) => Math.max(max, entry.file.id),
        0,
      ),
      urls: filesOf(version),
      vulnerabilities: [],
    };
    if (!requested) {
      body.releases = Object.fromEntries(
        index.versions.map(entry => [entry.version, filesOf(entry)]),
      );
    }
    response.setHeader(
      'Cache-Control',
      `${context.isPublic(repository) ? 'public' : 'private'}, max-age=0, must-revalidate`,
    );
    response.json(body);
  });

  router.get('/:repo/pypi/:project/json', serve);
  router.get('/:repo/pypi/:project/:version/json', serve);
  return router;
}

/** The highest final release, as pypi.org reports; the highest pre-release when there is no final one. */
function latestVersion(index: ProjectIndex): VersionRecord {
  const finals = index.versions.filter(
    version =>
      !parseVersion(version.canonical)?.isPrerelease && !version.yanked,
  );
  return (finals.length ? finals : index.versions)[
    (finals.length ? finals : index.versions).length - 1
  ];
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
    yanked: Boolean(version.yanked),
    yanked_reason: version.yanked?.reason ?? null,
  };
}
