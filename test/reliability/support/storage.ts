/**
 * What a standalone server has stored, read straight from its database and blob directory, and the invariants every
 * suite checks after attacking it: every file row points at a complete blob with the right sha256 and size, every
 * version row has a file (no orphan rows), every blob under its key hashes to that key (no partial blob visible),
 * and no upload is left half-staged.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { LocalServer, ReliabilityTarget } from './target';
import { rawRequest } from './http';

export interface FileRow {
  repository: string;
  filename: string;
  sha256: string;
  size: number;
  metadataSha256: string | null;
  versionId: number;
  project: string;
  version: string;
  deleted: boolean;
  disabled: boolean;
}

export interface StorageSnapshot {
  files: FileRow[];
  versionCount: number;
  projectCount: number;
  blobCount: number;
  /** Blobs no file row uses (allowed: a crash between blob and row leaves one; never visible). */
  unreferencedBlobs: string[];
  stagingFiles: string[];
  problems: string[];
}

function openDatabase(local: LocalServer): Knex {
  if (local.databaseUrl)
    return knexFactory({
      client: 'pg',
      connection: local.databaseUrl,
      pool: { min: 0, max: 1 },
    });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(local.dataDir, 'wheelhouse.sqlite') },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
}

function hashFile(file: string): string {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(file))
    .digest('hex');
}

function listBlobs(blobDir: string): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true })
      : []) {
      // Not blobs: uploads in flight, and the marker naming the database that owns the store.
      if (depth === 0 && entry.name === '.staging') continue;
      if (depth === 0 && entry.name === 'wheelhouse-owner.json') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) walk(full, depth + 1);
      else if (entry.isFile()) found.push({ key: entry.name, file: full });
    }
  };
  walk(blobDir, 0);
  return found;
}

export function stagingFiles(local: LocalServer): string[] {
  return fs.existsSync(local.stagingDir)
    ? fs.readdirSync(local.stagingDir)
    : [];
}

/** Reads everything and lists what breaks the invariants (an empty `problems` is a healthy store). */
export async function inspectStorage(
  local: LocalServer,
): Promise<StorageSnapshot> {
  const db = openDatabase(local);
  try {
    const rows = await db('wh_files as f')
      .join('wh_versions as v', 'v.id', 'f.version_id')
      .join('wh_projects as p', 'p.id', 'v.project_id')
      .select(
        'f.repository',
        'f.filename',
        'f.sha256',
        'f.size',
        'f.metadata_sha256',
        'f.version_id',
        'p.name as project',
        'v.canonical',
        'v.deleted_at',
        'v.disabled_at',
      );
    const files: FileRow[] = rows.map(row => ({
      repository: row.repository,
      filename: row.filename,
      sha256: row.sha256,
      size: Number(row.size),
      metadataSha256: row.metadata_sha256 ?? null,
      versionId: Number(row.version_id),
      project: row.project,
      version: row.canonical,
      deleted: Boolean(row.deleted_at),
      disabled: Boolean(row.disabled_at),
    }));
    const problems: string[] = [];
    const emptyVersions = await db('wh_versions as v')
      .leftJoin('wh_files as f', 'f.version_id', 'v.id')
      .whereNull('f.id')
      .select('v.id', 'v.canonical');
    for (const version of emptyVersions)
      problems.push(
        `orphan row: version ${version.id} (${version.canonical}) has no file`,
      );
    const danglingFiles = await db('wh_files as f')
      .leftJoin('wh_versions as v', 'v.id', 'f.version_id')
      .whereNull('v.id')
      .select('f.filename');
    for (const file of danglingFiles)
      problems.push(`orphan row: file ${file.filename} has no version`);
    const [{ count: versionCount }] = await db('wh_versions').count({
      count: '*',
    });
    const [{ count: projectCount }] = await db('wh_projects').count({
      count: '*',
    });

    const blobs = listBlobs(local.blobDir);
    const blobByKey = new Map<string, string>();
    for (const blob of blobs) {
      if (!/^[0-9a-f]{64}$/.test(blob.key)) {
        problems.push(
          `stray file in the blob store: ${path.relative(local.blobDir, blob.file)}`,
        );
        continue;
      }
      const actual = hashFile(blob.file);
      if (actual !== blob.key)
        problems.push(
          `partial or corrupt blob visible: ${blob.key} hashes to ${actual}`,
        );
      const expectedPath = path.join(
        local.blobDir,
        blob.key.slice(0, 2),
        blob.key.slice(2, 4),
        blob.key,
      );
      if (blob.file !== expectedPath)
        problems.push(`blob in the wrong place: ${blob.file}`);
      blobByKey.set(blob.key, blob.file);
    }
    const referenced = new Set<string>();
    for (const file of files) {
      referenced.add(file.sha256);
      const blob = blobByKey.get(file.sha256);
      if (!blob)
        problems.push(
          `row without bytes: ${file.repository}/${file.filename} (${file.sha256}) has no blob`,
        );
      else if (fs.statSync(blob).size !== file.size)
        problems.push(`size mismatch: ${file.repository}/${file.filename}`);
      if (file.metadataSha256) {
        referenced.add(file.metadataSha256);
        if (!blobByKey.has(file.metadataSha256))
          problems.push(
            `row without metadata: ${file.repository}/${file.filename}`,
          );
      }
    }
    return {
      files,
      versionCount: Number(versionCount),
      projectCount: Number(projectCount),
      blobCount: blobByKey.size,
      unreferencedBlobs: [...blobByKey.keys()].filter(
        key => !referenced.has(key),
      ),
      stagingFiles: stagingFiles(local),
      problems,
    };
  } finally {
    await db.destroy();
  }
}

/** Waits (bounded) until no upload is staged: the server removes a failed upload's staging file asynchronously. */
export async function waitForEmptyStaging(
  local: LocalServer,
  timeoutMs = 3000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = stagingFiles(local);
  while (left.length && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 25));
    left = stagingFiles(local);
  }
  return left;
}

/** Downloads a URL and returns the sha256 of the body (undefined when the status is not 200). */
export async function downloadSha256(
  url: string,
  token?: string,
): Promise<{ status: number; sha256?: string; size?: number }> {
  const headers: Record<string, string> = {};
  if (token)
    headers.authorization = `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`;
  const response = await rawRequest(url, { headers });
  if (!response) return { status: 0 };
  if (response.status !== 200) return { status: response.status };
  return {
    status: 200,
    sha256: crypto.createHash('sha256').update(response.body).digest('hex'),
    size: response.body.length,
  };
}

export interface ServedFile {
  filename: string;
  sha256: string;
  url: string;
  coreMetadataSha256?: string;
}

/** The files the simple API (PEP 691 JSON) lists for a project, with absolute URLs; [] when it is a 404. */
export async function listServedFiles(
  target: ReliabilityTarget,
  repository: string,
  project: string,
  token?: string,
): Promise<ServedFile[]> {
  const pageUrl = `${target.baseUrl}/${repository}/simple/${project}/`;
  const response = await target.request(`/${repository}/simple/${project}/`, {
    token,
    headers: { accept: 'application/vnd.pypi.simple.v1+json' },
  });
  if (response.status === 404) return [];
  if (response.status !== 200)
    throw new Error(`GET ${pageUrl}: ${response.status} ${response.text}`);
  return (response.json.files as any[]).map(file => ({
    filename: file.filename,
    sha256: file.hashes.sha256,
    url: new URL(file.url, pageUrl).toString(),
    coreMetadataSha256: file['core-metadata']
      ? file['core-metadata'].sha256
      : undefined,
  }));
}

/**
 * Checks over HTTP that every listed file of the project downloads with the advertised sha256 and that its PEP 658
 * metadata matches too. Returns the problems found.
 */
export async function verifyServedProject(
  target: ReliabilityTarget,
  repository: string,
  project: string,
  token?: string,
): Promise<{ files: ServedFile[]; problems: string[] }> {
  const files = await listServedFiles(target, repository, project, token);
  const problems: string[] = [];
  for (const file of files) {
    const got = await downloadSha256(file.url, token);
    if (got.status !== 200 || got.sha256 !== file.sha256) {
      problems.push(
        `${repository}/${file.filename}: download ${got.status} sha256 ${got.sha256}, index says ${file.sha256}`,
      );
    }
    if (file.coreMetadataSha256) {
      const metadata = await downloadSha256(`${file.url}.metadata`, token);
      if (
        metadata.status !== 200 ||
        metadata.sha256 !== file.coreMetadataSha256
      ) {
        problems.push(
          `${repository}/${file.filename}.metadata: ${metadata.status} ${metadata.sha256} vs ${file.coreMetadataSha256}`,
        );
      }
    }
  }
  return { files, problems };
}
