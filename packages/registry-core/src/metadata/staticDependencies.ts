import type { CoreMetadata } from '@wheelhouse/registry-client';

/**
 * Whether an sdist's PKG-INFO can stand in for the metadata of what it builds (PEP 643): only from Metadata-Version
 * 2.2 on, and only when Requires-Dist is not Dynamic. Before 2.2, PKG-INFO says nothing about which fields a build
 * computes (a setup.py may add dependencies), and pip would install from it without them: such sdists get no PEP 658
 * `.metadata`, so that installers build them. Warehouse serves PEP 658 metadata for wheels only.
 */
export function sdistHasStaticDependencies(metadata: CoreMetadata): boolean {
  const [major, minor] = (metadata.metadataVersion ?? '1.0')
    .split('.')
    .map(Number);
  if (major < 2 || (major === 2 && minor < 2)) return false;
  return !metadata.dynamic.some(
    field => field.trim().toLowerCase() === 'requires-dist',
  );
}
