import type { CoreMetadata } from '@wheelhouse/registry-client';

/** The metadata part of the `info` object of pypi.org's JSON API (`/pypi/{project}/json`). */
export interface PypiJsonInfo {
  author: string | null;
  author_email: string | null;
  classifiers: string[];
  description: string | null;
  description_content_type: string | null;
  download_url: string | null;
  dynamic: string[] | null;
  home_page: string | null;
  keywords: string | null;
  license: string | null;
  license_expression: string | null;
  license_files: string[] | null;
  maintainer: string | null;
  maintainer_email: string | null;
  name: string;
  platform: string | null;
  project_urls: Record<string, string> | null;
  provides_extra: string[] | null;
  requires_dist: string[] | null;
  requires_python: string | null;
  summary: string | null;
  version: string;
}

const listOrNull = (values: string[]): string[] | null =>
  values.length > 0 ? [...values] : null;

/**
 * pypi.org lists Home-page and Download-URL under project_urls as "Homepage" and "Download" ahead of the
 * Project-URL entries, skipping a Project-URL that merely repeats one of them.
 */
function projectUrls(meta: CoreMetadata): Record<string, string> | null {
  const urls = new Map<string, string>();
  if (meta.homePage) urls.set('Homepage', meta.homePage);
  if (meta.downloadUrl) urls.set('Download', meta.downloadUrl);
  for (const [label, url] of Object.entries(meta.projectUrls)) {
    const key = label.toLowerCase().replace(/[-_]/g, '');
    if (key === 'homepage' && url === urls.get('Homepage')) continue;
    if (key === 'downloadurl' && url === urls.get('Download')) continue;
    urls.set(label, url);
  }
  return urls.size > 0 ? Object.fromEntries(urls) : null;
}

/** Maps parsed metadata to pypi.org's JSON `info` fields: absent values are null, and so are empty lists, except classifiers. */
export function toPypiJsonInfo(meta: CoreMetadata): PypiJsonInfo {
  return {
    author: meta.author,
    author_email: meta.authorEmail,
    classifiers: [...meta.classifiers],
    description: meta.description,
    description_content_type: meta.descriptionContentType,
    download_url: meta.downloadUrl,
    dynamic: listOrNull(meta.dynamic),
    home_page: meta.homePage,
    keywords: meta.keywords.length > 0 ? meta.keywords.join(',') : null,
    license: meta.license,
    license_expression: meta.licenseExpression,
    license_files: listOrNull(meta.licenseFiles),
    maintainer: meta.maintainer,
    maintainer_email: meta.maintainerEmail,
    name: meta.name,
    // pypi.org keeps a single platform string; several Platform fields are joined rather than dropped.
    platform: meta.platforms.length > 0 ? meta.platforms.join(', ') : null,
    project_urls: projectUrls(meta),
    provides_extra: listOrNull(meta.providesExtra),
    requires_dist: listOrNull(meta.requiresDist),
    requires_python: meta.requiresPython,
    summary: meta.summary,
    version: meta.version,
  };
}
