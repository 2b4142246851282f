import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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

// Written by Python's zipfile / tarfile, the same libraries that build real wheels and sdists.
const SCRIPT = `
import io, json, sys, tarfile, zipfile, os
spec = json.loads(sys.argv[1]); out = sys.argv[2]; kind = sys.argv[3]
dist = spec["name"].replace("-", "_").replace(".", "_")
lines = ["Metadata-Version: " + spec.get("metadataVersion", "2.1"), "Name: " + spec["name"], "Version: " + spec["version"]]
if spec.get("summary"): lines.append("Summary: " + spec["summary"])
if spec.get("requiresPython"): lines.append("Requires-Python: " + spec["requiresPython"])
lines += spec.get("headers", [])
metadata = ("\\n".join(lines) + "\\n\\nA test package.\\n").encode()
module = ("__version__ = %r\\n" % spec["version"]).encode() + b"#" * spec.get("padding", 0)
if kind == "wheel":
    info = "%s-%s.dist-info" % (dist, spec["version"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(dist.lower() + "/__init__.py", module)
        z.writestr(info + "/METADATA", metadata)
        z.writestr(info + "/WHEEL", b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        z.writestr(info + "/RECORD", b"")
else:
    top = "%s-%s" % (dist, spec["version"])
    with tarfile.open(out, "w:gz") as t:
        for name, data in ((top + "/PKG-INFO", metadata), (top + "/" + dist.lower() + "/__init__.py", module)):
            entry = tarfile.TarInfo(name); entry.size = len(data); t.addfile(entry, io.BytesIO(data))
`;

/** Builds a minimal but valid wheel (`py3-none-any`) and returns its path. */
export function makeWheel(directory: string, spec: DistributionSpec): string {
  const file = path.join(
    directory,
    `${distName(spec.name)}-${spec.version}-py3-none-any.whl`,
  );
  build(spec, file, 'wheel');
  return file;
}

/** Builds a minimal but valid `.tar.gz` sdist and returns its path. */
export function makeSdist(directory: string, spec: DistributionSpec): string {
  const file = path.join(
    directory,
    `${distName(spec.name)}-${spec.version}.tar.gz`,
  );
  build(spec, file, 'sdist');
  return file;
}

function distName(name: string): string {
  return name.replace(/[-.]/g, '_');
}

function build(spec: DistributionSpec, file: string, kind: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('python3', ['-c', SCRIPT, JSON.stringify(spec), file, kind]);
}
