import { execFileSync } from 'node:child_process';

/** One archive member. Content is `text` (UTF-8), `base64`, `zeros` (that many NUL bytes) or `random` (seeded). */
export interface FixtureEntry {
  name: string;
  text?: string;
  base64?: string;
  zeros?: number;
  random?: number;
  /** zip only: store instead of deflate. */
  stored?: boolean;
  /** tar only. */
  type?: 'file' | 'dir' | 'symlink';
  linkname?: string;
}

export interface FixtureSpec {
  file: string;
  format: 'zip' | 'tar.gz';
  entries: FixtureEntry[];
  /** Appends that many empty members named `filler/{i}` (zip only), for the entry-count limit. */
  fillerEntries?: number;
  /** tar.gz only: GNU (long names in ././@LongLink members) instead of pax. */
  gnu?: boolean;
}

// Archives are written by Python's own zipfile/tarfile, the libraries that build real wheels and sdists.
const BUILDER = `
import base64, io, json, random, sys, tarfile, warnings, zipfile, os
warnings.simplefilter("ignore")  # duplicate zip names are intentional in some fixtures
out = sys.argv[1]

def content(e):
    if "base64" in e: return base64.b64decode(e["base64"])
    if "zeros" in e: return bytes(e["zeros"])
    if "random" in e: return random.Random(1).randbytes(e["random"])
    return e.get("text", "").encode("utf-8")

for spec in json.load(sys.stdin):
    path = os.path.join(out, spec["file"])
    if spec["format"] == "zip":
        with zipfile.ZipFile(path, "w") as z:
            for e in spec["entries"]:
                name = e["name"] + ("/" if e.get("type") == "dir" and not e["name"].endswith("/") else "")
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if e.get("stored") else zipfile.ZIP_DEFLATED
                z.writestr(info, content(e))
            for i in range(spec.get("fillerEntries", 0)):
                z.writestr(zipfile.ZipInfo("filler/%d" % i, date_time=(2024, 1, 1, 0, 0, 0)), b"")
    else:
        with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT if spec.get("gnu") else tarfile.PAX_FORMAT) as t:
            for e in spec["entries"]:
                info = tarfile.TarInfo(e["name"])
                kind = e.get("type", "file")
                if kind == "dir":
                    info.type, info.mode = tarfile.DIRTYPE, 0o755
                    t.addfile(info)
                elif kind == "symlink":
                    info.type, info.linkname = tarfile.SYMTYPE, e["linkname"]
                    t.addfile(info)
                else:
                    data = content(e)
                    info.size, info.mode = len(data), 0o644
                    t.addfile(info, io.BytesIO(data))
`;

/** Builds every archive in `specs` into `dir` with one python3 run. */
export function buildArchives(dir: string, specs: FixtureSpec[]): void {
  execFileSync('python3', ['-c', BUILDER, dir], {
    input: JSON.stringify(specs),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
}

export interface ZipDirectoryRecord {
  name: string;
  /** Offset of the central directory header. */
  central: number;
  /** Offset of the local file header. */
  local: number;
}

/** Finds the central directory records of a (non-zip64) zip, so tests can forge sizes, flags and CRCs. */
export function zipDirectory(zip: Buffer): ZipDirectoryRecord[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const records: ZipDirectoryRecord[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    records.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      central: at,
      local: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return records;
}
