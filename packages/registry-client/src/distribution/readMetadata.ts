import fs from 'node:fs/promises';
import { normalizeProjectName, ParsedFilename } from '../pep';
import { extractTarGzMember } from './tarGzMember';
import { listZipEntries, memberSegments, readZipEntry } from './zipMember';

export const MAX_METADATA_BYTES = 1024 * 1024;

/**
 * The raw METADATA of a wheel (`{name}-{version}.dist-info/METADATA`, in its only top-level .dist-info
 * directory) or PKG-INFO of an sdist (`{top}/PKG-INFO`). Throws with the reason when it is missing or ambiguous.
 */
export async function readDistributionMetadata(
  path: string,
  parsed: ParsedFilename,
): Promise<Buffer> {
  if (parsed.kind === 'sdist' && parsed.extension === '.tar.gz') {
    const found = await extractTarGzMember(path, {
      match: segments => segments.length === 2 && segments[1] === 'PKG-INFO',
      maxBytes: MAX_METADATA_BYTES,
    });
    if (!found)
      throw new Error('no PKG-INFO in the top-level directory of the sdist');
    return found;
  }
  const file = await fs.open(path, 'r');
  try {
    const entries = await listZipEntries(file);
    if (parsed.kind === 'wheel') {
      const distInfo = new Set(
        entries
          .map(e => memberSegments(e.name)[0])
          .filter(top => top?.endsWith('.dist-info')),
      );
      if (distInfo.size !== 1) {
        throw new Error(
          `expected exactly one top-level .dist-info directory, found ${distInfo.size ? [...distInfo].join(', ') : 'none'}`,
        );
      }
      const [dir] = distInfo;
      const project = distInfoProject(dir);
      // pip refuses a wheel whose .dist-info belongs to another project, and so does the registry.
      if (
        !project ||
        normalizeProjectName(project) !== normalizeProjectName(parsed.name)
      ) {
        throw new Error(
          `its .dist-info directory ${dir} does not match the filename`,
        );
      }
      const entry = entries.find(e => e.name === `${dir}/METADATA`);
      if (!entry) throw new Error(`no ${dir}/METADATA in the wheel`);
      return await readZipEntry(file, entry, MAX_METADATA_BYTES);
    }
    const entry = entries.find(e => {
      const segments = memberSegments(e.name);
      return segments.length === 2 && segments[1] === 'PKG-INFO';
    });
    if (!entry)
      throw new Error('no PKG-INFO in the top-level directory of the sdist');
    return await readZipEntry(file, entry, MAX_METADATA_BYTES);
  } finally {
    await file.close();
  }
}

/** The project a wheel's .dist-info directory names (`foo_bar-1.0.dist-info` → `foo_bar`). */
export function distInfoProject(directory: string): string | undefined {
  const stem = directory.replace(/\.dist-info$/, '');
  const dash = stem.lastIndexOf('-');
  return dash > 0 ? stem.slice(0, dash) : undefined;
}
