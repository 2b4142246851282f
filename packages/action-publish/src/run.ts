import {
  describeError,
  ManagementClient,
  RetryOptions,
  UploadClient,
} from '@wheelhouse/registry-client';
import { annotateVersions, VersionAnnotation } from './annotateVersions';
import { buildDistributions } from './buildDistributions';
import { buildMetadata } from './buildMetadata';
import { findDistributions } from './findDistributions';
import { readPublishInputs } from './inputs';
import { publishSummary } from './summary';
import { Toolkit } from './toolkit';
import { UploadedFile, uploadDistributions } from './upload';
import { verifyDistributions } from './verifyDistributions';

const USER_AGENT = 'wheelhouse-action-publish';

/**
 * The whole action: read inputs, optionally build, verify, upload, then annotate the versions. Outputs and the
 * job summary cover whatever was uploaded, also when a later step fails; any failure ends in setFailed with the
 * server's message, which GitHub shows as an error annotation.
 */
export async function run(
  toolkit: Toolkit,
  options: { retry?: Partial<RetryOptions> } = {},
): Promise<void> {
  const uploaded: UploadedFile[] = [];
  let annotations: VersionAnnotation[] = [];
  let endpoints;
  try {
    const inputs = readPublishInputs(toolkit);
    endpoints = inputs.endpoints;
    if (inputs.build) await buildDistributions(toolkit, inputs);
    const files = await findDistributions(toolkit, inputs);
    const distributions = await verifyDistributions(
      toolkit,
      files,
      inputs.verifyMetadata,
    );

    const retry: RetryOptions = {
      retries: inputs.retries,
      onRetry: ({ attempt, delayMs, error }) =>
        toolkit.warning(
          `Attempt ${attempt} failed (${describeError(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s`,
        ),
      ...options.retry,
    };
    const credentials = {
      username: inputs.username,
      password: inputs.password,
      retry,
      userAgent: USER_AGENT,
    };
    await uploadDistributions(toolkit, {
      client: new UploadClient({
        uploadUrl: endpoints.uploadUrl,
        ...credentials,
      }),
      endpoints,
      distributions,
      skipExisting: inputs.skipExisting,
      uploaded,
    });
    annotations = await annotateVersions(toolkit, {
      client: new ManagementClient({
        apiUrl: endpoints.apiUrl,
        ...credentials,
      }),
      files: uploaded,
      buildMetadata: inputs.attachBuildMetadata
        ? buildMetadata(toolkit.context)
        : {},
      metadata: inputs.metadata,
      tags: inputs.tags,
    });
  } catch (error) {
    toolkit.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    if (uploaded.length) {
      setOutputs(toolkit, uploaded);
      if (endpoints)
        await toolkit.appendSummary(
          publishSummary({ endpoints, files: uploaded, annotations }),
        );
    }
  }
}

/** Distinct names and versions, comma-separated: a single package's name and version in the usual case. */
function setOutputs(toolkit: Toolkit, files: UploadedFile[]): void {
  const distinct = (values: string[]) => [...new Set(values)].join(',');
  toolkit.setOutput('package-name', distinct(files.map(file => file.name)));
  toolkit.setOutput('version', distinct(files.map(file => file.version)));
  toolkit.setOutput('uploaded-files', JSON.stringify(files));
}
