/** Uploads through the legacy upload API (`POST /{repo}/`), with every part of the request under the test's control. */
import { Distribution } from '@wheelhouse/test-utils/archiveBytes';
import { basicAuth, RawRequestOptions, rawRequest, RawResponse } from './http';
import { Multipart, Part, uploadBody, UploadFields } from './multipart';
import { ReliabilityTarget } from './target';

export interface UploadOptions {
  repository?: string;
  /** The token (default: the publish token); null sends no credentials. */
  token?: string | null;
  fields?: Partial<UploadFields>;
  /** Replace (or with undefined, drop) any of twine's fields. */
  overrides?: Record<string, string | undefined>;
  /** The filename of the content part (default: the distribution's). */
  filename?: string | Buffer;
  extraParts?: Part[];
  /** A ready-made body instead of the twine-like one. */
  multipart?: Multipart;
  request?: Omit<RawRequestOptions, 'method' | 'body'>;
}

/** Project name and version for the form, taken from the distribution's filename unless given. */
function defaultFields(dist: Distribution): UploadFields {
  if (dist.filename.endsWith('.whl')) {
    // {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl: name and version never contain "-".
    const [name = 'unknown', version = '0'] = dist.filename.split('-');
    return { name, version };
  }
  const match = /^(.+)-([^-]+?)\.(?:tar\.gz|zip)$/.exec(dist.filename);
  return { name: match?.[1] ?? 'unknown', version: match?.[2] ?? '0' };
}

/** Uploads a distribution; undefined when the connection was dropped on purpose (request.disconnectAfter). */
export function upload(
  target: ReliabilityTarget,
  dist: Distribution,
  options: UploadOptions = {},
): Promise<RawResponse | undefined> {
  const fields = { ...defaultFields(dist), ...options.fields } as UploadFields;
  const multipart = options.multipart ?? uploadBody(dist, fields, options);
  const headers: Record<string, string> = {
    'content-type': multipart.contentType,
    ...(options.request?.headers as Record<string, string>),
  };
  const token =
    options.token === undefined ? target.tokens.publish : options.token;
  if (token) headers.authorization = basicAuth(token);
  return rawRequest(
    `${target.baseUrl}/${options.repository ?? target.repos.public}/`,
    {
      ...options.request,
      method: 'POST',
      headers,
      body: multipart.body,
    },
  );
}

/** upload() that must get an answer. */
export async function mustUpload(
  target: ReliabilityTarget,
  dist: Distribution,
  options: UploadOptions = {},
): Promise<RawResponse> {
  const response = await upload(target, dist, options);
  if (!response) throw new Error(`upload of ${dist.filename}: no response`);
  return response;
}
