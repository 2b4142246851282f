import { Distribution } from '../distribution/inspectDistribution';
import { computeFileDigests, FileDigests } from '../hash/fileDigests';
import { HttpError } from '../http/errors';
import {
  basicAuthorization,
  expectOk,
  HttpRequest,
  sendRequest,
  Transport,
} from '../http/request';
import { RetryOptions, withRetries } from '../http/retry';
import { multipartBody } from './multipartBody';
import { uploadFields } from './uploadFields';

export interface UploadClientOptions {
  /** The legacy upload endpoint, e.g. `https://pypi.example.com/default/`. */
  uploadUrl: string;
  username: string;
  password: string;
  retry?: RetryOptions;
  userAgent?: string;
  timeoutMs?: number;
  transport?: Transport;
}

export interface UploadResult {
  filename: string;
  /** `created`, or `identical` when the same bytes were already there (Wheelhouse answers 200 for those). */
  outcome: 'created' | 'identical';
  digests: FileDigests;
  /** The server's JSON answer, when it sent one (Wheelhouse does; pypi.org answers with text). */
  response?: Record<string, unknown>;
}

/**
 * Uploads distributions through the legacy upload API, as twine does: digests first (one streaming pass), then a
 * multipart POST that streams the file from disk. 5xx answers and network errors are retried with back-off,
 * which is safe: re-sending the same bytes is answered 200.
 */
export class UploadClient {
  constructor(private readonly options: UploadClientOptions) {}

  async upload(distribution: Distribution): Promise<UploadResult> {
    const digests = await computeFileDigests(distribution.path);
    const body = multipartBody(uploadFields(distribution, digests), {
      field: 'content',
      filename: distribution.filename,
      path: distribution.path,
      size: digests.size,
    });
    const request: HttpRequest = {
      method: 'POST',
      url: this.options.uploadUrl,
      headers: {
        authorization: basicAuthorization(
          this.options.username,
          this.options.password,
        ),
        'content-type': body.contentType,
        'content-length': body.contentLength,
        accept: 'application/json, text/plain;q=0.9',
        'user-agent': this.options.userAgent ?? 'wheelhouse-registry-client',
      },
      body: body.open,
      timeoutMs: this.options.timeoutMs,
      transport: this.options.transport,
    };
    const response = await withRetries(
      async () => expectOk(request, await sendRequest(request)),
      this.options.retry,
    );
    let parsed: Record<string, unknown> | undefined;
    try {
      const json = JSON.parse(response.body.toString('utf8'));
      if (json && typeof json === 'object' && !Array.isArray(json))
        parsed = json;
    } catch {
      // a plain-text answer (pypi.org, devpi): the upload succeeded all the same
    }
    return {
      filename: distribution.filename,
      outcome: parsed?.outcome === 'identical' ? 'identical' : 'created',
      digests,
      response: parsed,
    };
  }
}

/** 409 "File already exists": what `skip-existing` skips (twine matches the same answers). */
export function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof HttpError &&
    error.status === 409 &&
    /already exists/i.test(error.serverMessage)
  );
}
