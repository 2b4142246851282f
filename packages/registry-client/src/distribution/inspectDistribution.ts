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
import { CoreMetadata, field, parseCoreMetadata } from './coreMetadata';
import { readDistributionMetadata } from './readMetadata';

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
 * registry makes after upload: a valid wheel/sdist filename, readable METADATA/PKG-INFO whose Name and Version
 * match the filename, a supported Metadata-Version. Throws only when the file cannot be read at all.
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
    metadata = parseCoreMetadata(await readDistributionMetadata(file, parsed));
  } catch (error) {
    problems.push(
      `${filename}: cannot read its metadata: ${(error as Error).message}`,
    );
    return distribution;
  }
  distribution.metadata = metadata;
  const name = field(metadata, 'name');
  const version = field(metadata, 'version');
  const metadataVersion = field(metadata, 'metadata-version');
  if (!name) problems.push(`${filename}: the metadata has no Name`);
  else if (!isValidProjectName(name))
    problems.push(
      `${filename}: the metadata's Name ${JSON.stringify(name)} is not a valid project name`,
    );
  else if (normalizeProjectName(name) !== normalizeProjectName(parsed.name)) {
    problems.push(
      `${filename}: the metadata names project ${name}, but the filename says ${parsed.name}`,
    );
  } else distribution.name = name;
  if (!version) problems.push(`${filename}: the metadata has no Version`);
  else if (!parseVersion(version))
    problems.push(
      `${filename}: the metadata's Version ${JSON.stringify(version)} is not a PEP 440 version`,
    );
  else if (versionIdentity(version) !== versionIdentity(parsed.version)) {
    problems.push(
      `${filename}: the metadata has version ${version}, but the filename says ${parsed.version}`,
    );
  } else distribution.version = version;
  if (metadataVersion !== undefined && !/^[12]\.\d+$/.test(metadataVersion)) {
    problems.push(
      `${filename}: unsupported Metadata-Version ${metadataVersion} (1.0 to 2.x are supported)`,
    );
  }
  return distribution;
}
