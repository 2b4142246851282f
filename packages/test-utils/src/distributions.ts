/** Minimal but valid wheels and sdists, written by Python's zipfile/tarfile through ./archives. */
import fs from 'node:fs';
import path from 'node:path';
import { buildArchives } from './archives';

export interface DistributionSpec {
  name: string;
  version: string;
  requiresPython?: string;
  summary?: string;
  /** Extra METADATA header lines, e.g. `Requires-Dist: foo`. */
  headers?: string[];
  /** Bytes of padding in the package, to make files of a chosen size. */
  padding?: number;
  /** Default 2.1. */
  metadataVersion?: string;
}

/** The project name as wheel and sdist filenames (and the import package) spell it. */
function distName(name: string): string {
  return name.replace(/[-.]/g, '_');
}

/** The METADATA (PKG-INFO) text makeWheel and makeSdist write: what a PEP 658 `.metadata` file of theirs holds. */
export function distributionMetadata(spec: DistributionSpec): string {
  const lines = [
    `Metadata-Version: ${spec.metadataVersion ?? '2.1'}`,
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
  ];
  if (spec.summary) lines.push(`Summary: ${spec.summary}`);
  if (spec.requiresPython)
    lines.push(`Requires-Python: ${spec.requiresPython}`);
  lines.push(...(spec.headers ?? []));
  return `${lines.join('\n')}\n\nA test package.\n`;
}

const moduleSource = (spec: DistributionSpec) =>
  `__version__ = '${spec.version}'\n${'#'.repeat(spec.padding ?? 0)}`;

/** Builds a minimal but valid wheel (`py3-none-any`) and returns its path. */
export function makeWheel(directory: string, spec: DistributionSpec): string {
  const dist = distName(spec.name);
  const file = `${dist}-${spec.version}-py3-none-any.whl`;
  const info = `${dist}-${spec.version}.dist-info`;
  fs.mkdirSync(directory, { recursive: true });
  buildArchives(directory, [
    {
      file,
      format: 'zip',
      entries: [
        { name: `${dist.toLowerCase()}/__init__.py`, text: moduleSource(spec) },
        { name: `${info}/METADATA`, text: distributionMetadata(spec) },
        {
          name: `${info}/WHEEL`,
          text: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
        },
        { name: `${info}/RECORD`, text: '' },
      ],
    },
  ]);
  return path.join(directory, file);
}

/** Builds a minimal but valid `.tar.gz` sdist and returns its path. */
export function makeSdist(directory: string, spec: DistributionSpec): string {
  const dist = distName(spec.name);
  const top = `${dist}-${spec.version}`;
  fs.mkdirSync(directory, { recursive: true });
  buildArchives(directory, [
    {
      file: `${top}.tar.gz`,
      format: 'tar.gz',
      entries: [
        { name: `${top}/PKG-INFO`, text: distributionMetadata(spec) },
        {
          name: `${top}/${dist.toLowerCase()}/__init__.py`,
          text: moduleSource(spec),
        },
      ],
    },
  ]);
  return path.join(directory, `${top}.tar.gz`);
}
