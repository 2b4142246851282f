import {
  describeError,
  ManagementClient,
  RetryOptions,
  Transport,
  UploadClient,
} from '@wheelhouse/registry-client';
import { annotateVersions, VersionAnnotation } from './annotateVersions';
import { buildDistributions } from './buildDistributions';
import { buildMetadata } from './buildMetadata';
import { findDistributions } from './findDistributions';
import { readPublishInputs } from './inputs';
import { publishSummary } from './summary';
import { Toolkit } from './toolkit';
import { trustedPublishingToken } from './trustedPublishing';
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
  let verbose = toolkit.debugEnabled;
  try {
    const inputs = readPublishInputs(toolkit);
    endpoints = inputs.endpoints;
    verbose = inputs.verbose;
    const trusted = !inputs.password;
    if (trusted && (Object.keys(inputs.metadata).length || inputs.tags.length))
      throw new Error(
        'metadata and tags need a token with the manage scope; a trusted publishing token can only upload. Pass an API token as password, or set them in a later step',
      );
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
    const transport: Transport = {
      agent: url => toolkit.proxyAgent(url),
      log: inputs.verbose ? message => toolkit.info(message) : undefined,
    };
    const password = trusted
      ? await trustedPublishingToken(toolkit, {
          endpoints,
          retry,
          transport,
          userAgent: USER_AGENT,
        })
      : inputs.password;
    const credentials = {
      username: inputs.username,
      password,
      retry,
      userAgent: USER_AGENT,
      transport,
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
    // A trusted publishing token cannot set metadata, and needs not: the registry records verified provenance.
    if (trusted) {
      toolkit.info(
        'Published with trusted publishing: the registry recorded the verified provenance of every file (commit, workflow, run)',
      );
      return;
    }
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
    // The bundle's source map makes the stack name the TypeScript files and lines.
    if (verbose && error instanceof Error && error.stack)
      toolkit.info(error.stack);
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
