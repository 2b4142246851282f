import fs from 'node:fs/promises';
import path from 'node:path';
import {
  filetypeFor,
  isValidProjectName,
  normalizeProjectName,
  parseDistributionFilename,
  parseVersion,
  ParsedFilename,
  versionIdentity,
} from '../pep';
import type { CoreMetadata } from './coreMetadata';
import { InvalidDistributionError } from './errors';
import { extractCoreMetadata } from './extractCoreMetadata';
import { parseCoreMetadata } from './parseCoreMetadata';

export interface Distribution {
  path: string;
  filename: string;
  size: number;
  kind: 'wheel' | 'sdist';
  filetype: 'bdist_wheel' | 'sdist';
  /** The wheel's python tag, or `source`, as twine sends it. */
  pyversion: string;
  /** From the metadata when it could be read, else from the filename. */
  name: string;
  version: string;
  metadata?: CoreMetadata;
  /** Everything wrong with the file that the registry would refuse (empty when it is fine). */
  problems: string[];
}

/**
 * Reads a distribution's filename and core metadata and lists what is wrong with them, the checks the
 * registry makes after upload: a valid wheel/sdist filename, an intact archive with one METADATA/PKG-INFO where
 * it belongs, metadata the registry's parser accepts, whose Name and Version match the filename. The archive
 * readers and the parser are the registry's own (this package's distribution module), so strict mode refuses
 * exactly what the registry would. Throws only when the file cannot be read at all.
 */
export async function inspectDistribution(file: string): Promise<Distribution> {
  const filename = path.basename(file);
  const { size } = await fs.stat(file);
  const parsed: ParsedFilename | undefined =
    parseDistributionFilename(filename);
  const problems: string[] = [];
  if (!parsed) {
    return {
      path: file,
      filename,
      size,
      kind: filename.endsWith('.whl') ? 'wheel' : 'sdist',
      filetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
      pyversion: 'source',
      name: '',
      version: '',
      problems: [
        `${filename} is not a valid distribution filename: expected {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl or {name}-{version}.tar.gz`,
      ],
    };
  }
  const distribution: Distribution = {
    path: file,
    filename,
    size,
    kind: parsed.kind,
    filetype: filetypeFor(parsed),
    pyversion: parsed.kind === 'wheel' ? parsed.pythonTag : 'source',
    name: parsed.name,
    version: parsed.version,
    problems,
  };
  let metadata: CoreMetadata;
  try {
    metadata = parseCoreMetadata(
      await extractCoreMetadata({ path: file, kind: parsed.kind, filename }),
    );
  } catch (error) {
    if (!(error instanceof InvalidDistributionError)) throw error;
    problems.push(`${filename}: cannot read its metadata: ${error.message}`);
    return distribution;
  }
  distribution.metadata = metadata;
  const { name, version } = metadata;
  if (!isValidProjectName(name))
    problems.push(
      `${filename}: the metadata's Name ${JSON.stringify(name)} is not a valid project name`,
    );
  else if (normalizeProjectName(name) !== normalizeProjectName(parsed.name)) {
    problems.push(
      `${filename}: the metadata names project ${name}, but the filename says ${parsed.name}`,
    );
  } else distribution.name = name;
  if (!parseVersion(version))
    problems.push(
      `${filename}: the metadata's Version ${JSON.stringify(version)} is not a PEP 440 version`,
    );
  else if (versionIdentity(version) !== versionIdentity(parsed.version)) {
    problems.push(
      `${filename}: the metadata has version ${version}, but the filename says ${parsed.version}`,
    );
  } else distribution.version = version;
  return distribution;
}
