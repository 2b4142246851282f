import {
  describeError,
  HttpError,
  ManagementClient,
} from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';
import { UploadedFile } from './upload';

export interface VersionAnnotation {
  name: string;
  version: string;
  metadata: Record<string, string>;
  tags: string[];
}

/**
 * Sets custom metadata (build provenance and the `metadata` input) and tags on every version that got files in
 * this run. Versions whose files were all skipped are left alone: their metadata describes the build that made
 * them. Needs a token with the manage scope; for the build metadata alone, which is on by default, a 403 is a
 * warning so that publish-only tokens keep working.
 */
export async function annotateVersions(
  toolkit: Toolkit,
  options: {
    client: ManagementClient;
    files: UploadedFile[];
    buildMetadata: Record<string, string>;
    metadata: Record<string, string>;
    tags: string[];
  },
): Promise<VersionAnnotation[]> {
  const versions = new Map<string, { name: string; version: string }>();
  for (const file of options.files) {
    if (file.outcome !== 'skipped')
      versions.set(`${file.name}\n${file.version}`, {
        name: file.name,
        version: file.version,
      });
  }
  const annotations: VersionAnnotation[] = [];
  for (const { name, version } of versions.values()) {
    const annotation: VersionAnnotation = {
      name,
      version,
      metadata: {},
      tags: [],
    };
    const set = { ...options.buildMetadata, ...options.metadata };
    if (Object.keys(set).length) {
      try {
        await options.client.updateMetadata(name, version, { set });
        annotation.metadata = set;
      } catch (error) {
        const onlyBuildMetadata = Object.keys(options.metadata).length === 0;
        if (
          onlyBuildMetadata &&
          error instanceof HttpError &&
          error.status === 403
        ) {
          toolkit.warning(
            `Build metadata not attached to ${name} ${version}: ${describeError(error)}. Give the token the manage scope, or set attach-build-metadata: false.`,
            { title: 'Build metadata not attached' },
          );
        } else {
          throw new Error(
            `Setting metadata on ${name} ${version} failed: ${describeError(error)}`,
          );
        }
      }
    }
    for (const tag of options.tags) {
      try {
        await options.client.setTag(name, tag, version);
        annotation.tags.push(tag);
      } catch (error) {
        throw new Error(
          `Tagging ${name} ${version} as ${tag} failed: ${describeError(error)}`,
        );
      }
    }
    annotations.push(annotation);
  }
  return annotations;
}
