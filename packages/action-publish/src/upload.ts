import {
  describeError,
  Distribution,
  fileUrl,
  isAlreadyExists,
  RepositoryEndpoints,
  UploadClient,
} from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';

export interface UploadedFile {
  filename: string;
  name: string;
  version: string;
  filetype: string;
  size: number;
  sha256: string;
  /** `created`; `identical` when the same bytes were there already; `skipped` (skip-existing) for other bytes. */
  outcome: 'created' | 'identical' | 'skipped';
  url: string;
}

/**
 * Uploads one file after the other (as twine does), stopping at the first failure with the server's message.
 * With `skipExisting`, a 409 "File already exists" is a warning instead. Results go into `uploaded` as they
 * happen, so that the caller still reports the files sent before a failure.
 */
export async function uploadDistributions(
  toolkit: Toolkit,
  options: {
    client: UploadClient;
    endpoints: RepositoryEndpoints;
    distributions: Distribution[];
    skipExisting: boolean;
    uploaded: UploadedFile[];
  },
): Promise<UploadedFile[]> {
  const { uploaded } = options;
  for (const distribution of options.distributions) {
    toolkit.info(
      `Uploading ${distribution.filename} (${distribution.size} bytes) to ${options.endpoints.uploadUrl}`,
    );
    const base = {
      filename: distribution.filename,
      name: distribution.name,
      version: distribution.version,
      filetype: distribution.filetype,
    };
    try {
      const result = await options.client.upload(distribution);
      const sha256 = result.digests.sha256;
      uploaded.push({
        ...base,
        size: result.digests.size,
        sha256,
        outcome: result.outcome,
        url: fileUrl(options.endpoints, {
          sha256,
          filename: distribution.filename,
        }),
      });
      toolkit.info(
        `${distribution.filename}: ${result.outcome === 'identical' ? 'already there with the same content' : 'uploaded'}`,
      );
    } catch (error) {
      if (options.skipExisting && isAlreadyExists(error)) {
        toolkit.warning(
          `${distribution.filename} skipped: ${describeError(error)}`,
          { title: 'File already exists' },
        );
        uploaded.push({
          ...base,
          size: distribution.size,
          sha256: '',
          outcome: 'skipped',
          url: '',
        });
        continue;
      }
      throw new Error(
        `Uploading ${distribution.filename} to ${options.endpoints.uploadUrl} failed: ${describeError(error)}`,
      );
    }
  }
  return uploaded;
}
