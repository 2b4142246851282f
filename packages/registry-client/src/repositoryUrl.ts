/**
 * Where a Wheelhouse repository's endpoints are. Users give the URL they give twine (`https://host/default/`,
 * `…/default/legacy/`) or pip (`…/default/simple/`); everything else is derived from it, so that the registry
 * can sit under a path prefix (`/api/pypi` inside Backstage).
 */
export interface RepositoryEndpoints {
  /** Mount point of the registry, without a trailing slash: `https://host` or `https://host/api/pypi`. */
  baseUrl: string;
  repository: string;
  /** The legacy upload API: `{base}/{repo}/`. */
  uploadUrl: string;
  /** PEP 503 index for pip: `{base}/{repo}/simple/`. */
  indexUrl: string;
  /** The management API for this repository: `{base}/api/v1/repositories/{repo}`. */
  apiUrl: string;
}

const REPOSITORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseRepositoryUrl(text: string): RepositoryEndpoints {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(
      `repository-url ${JSON.stringify(text)} is not a URL; expected e.g. https://pypi.example.com/default/`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `repository-url must be an http or https URL, got ${url.protocol}`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      'repository-url must not contain credentials: pass them as username and password',
    );
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (last === 'legacy' || last === 'simple') segments.pop();
  const repository = segments.pop();
  if (!repository || !REPOSITORY_NAME.test(repository)) {
    throw new Error(
      `repository-url ${JSON.stringify(text)} does not name a repository; expected {registry}/{repository}/, e.g. https://pypi.example.com/default/`,
    );
  }
  const baseUrl = `${url.origin}${segments.map(s => `/${s}`).join('')}`;
  const repo = encodeURIComponent(repository);
  return {
    baseUrl,
    repository,
    uploadUrl: `${baseUrl}/${repo}/`,
    indexUrl: `${baseUrl}/${repo}/simple/`,
    apiUrl: `${baseUrl}/api/v1/repositories/${repo}`,
  };
}

/** The download URL of one stored file, as the simple index links it. */
export function fileUrl(
  endpoints: RepositoryEndpoints,
  file: { sha256: string; filename: string },
): string {
  return `${endpoints.baseUrl}/${encodeURIComponent(endpoints.repository)}/files/${file.sha256}/${encodeURIComponent(file.filename)}`;
}
