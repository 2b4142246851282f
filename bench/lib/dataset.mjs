// The generated data set: 10,000 projects and 100,000 files in repository `default`, inserted straight through knex
// (schema from registry-core's migrations), with real blobs (written through LocalBlobStore) for the files the
// benchmark downloads. One project has 2,000 files (the big project page).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './server.mjs';

const require = createRequire(import.meta.url);
const core = require(path.join(ROOT, 'packages/registry-core/dist/index.js'));
const { versionSortKey } = require(
  path.join(ROOT, 'packages/registry-core/dist/store/versionOrder.js'),
);
/** How often the server under test writes download counts (its default). */
export const FLUSH_INTERVAL_MS = core.DEFAULT_DOWNLOAD_FLUSH_INTERVAL_MS;

export const REPOSITORY = 'default';
export const SHAPE = {
  projects: 10_000,
  files: 100_000,
  bigProject: 'big-project',
  bigProjectVersions: 400,
  bigProjectFilesPerVersion: 5,
  /** Ordinary projects: 5 versions of a wheel and an sdist (the last few have no sdist in their last version). */
  versionsPerProject: 5,
  /** Small files with real blobs, downloaded in a rotation by the download-counting test. */
  smallFiles: 1000,
  smallFileBytes: 16 * 1024,
  largeFileBytes: 200 * 1024 * 1024,
};

const WORDS = [
  'data',
  'net',
  'core',
  'util',
  'ml',
  'web',
  'cli',
  'sdk',
  'api',
  'auth',
  'cache',
  'queue',
  'log',
  'geo',
  'img',
  'text',
];
const BIG_TAGS = [
  'cp310-cp310-manylinux_2_17_x86_64',
  'cp311-cp311-manylinux_2_17_x86_64',
  'cp312-cp312-manylinux_2_17_x86_64',
  'py3-none-any',
];

/** A deterministic pseudo-random sequence, so every run generates the same data set. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand, bytes) => {
  let out = '';
  for (let i = 0; i < bytes; i += 4)
    out += Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, bytes * 2);
};

async function putBlob(blobs, stagingDir, content) {
  const key = crypto.createHash('sha256').update(content).digest('hex');
  const staged = path.join(stagingDir, `bench-${key}.part`);
  fs.writeFileSync(staged, content);
  await blobs.putFile({ key, path: staged, size: content.length });
  return key;
}

/** Streams `bytes` pseudo-random bytes into a staging file, hashing as it goes, and stores it as a blob. */
async function putLargeBlob(blobs, stagingDir, bytes) {
  const staged = path.join(stagingDir, 'bench-large.part');
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(staged, 'w');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < bytes;) {
    crypto.randomFillSync(chunk);
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - written));
    fs.writeSync(fd, part);
    hash.update(part);
    written += part.length;
  }
  fs.closeSync(fd);
  const key = hash.digest('hex');
  await blobs.putFile({ key, path: staged, size: bytes });
  return key;
}

/**
 * Builds the rows (with explicit ids) and writes the blobs of the downloadable files under `blobDir`.
 * Returns the rows plus what the benchmark needs to address: the big project, the large file, the small files.
 */
export async function buildDataset({ blobDir }) {
  const rand = random(20261126);
  const blobs = new core.LocalBlobStore({ directory: blobDir });
  fs.mkdirSync(blobs.stagingDirectory, { recursive: true });
  const rows = { projects: [], versions: [], files: [], tags: [] };
  const small = [];
  let large;
  const startMs = Date.parse('2025-01-01T00:00:00Z');
  const iso = ms => new Date(ms).toISOString();
  let versionId = 0;
  let fileId = 0;
  let remainingFiles =
    SHAPE.files - SHAPE.bigProjectVersions * SHAPE.bigProjectFilesPerVersion;

  for (let index = 0; index < SHAPE.projects; index++) {
    const projectId = index + 1;
    const big = index === 0;
    const name = big
      ? SHAPE.bigProject
      : `${WORDS[index % 16]}-${WORDS[(index >> 4) % 16]}-${index}`;
    let displayName = index % 3 === 0 ? name.replace(/-/g, '_') : name;
    if (big) displayName = 'Big-Project';
    const dist = name.replace(/-/g, '_');
    const versionCount = big
      ? SHAPE.bigProjectVersions
      : SHAPE.versionsPerProject;
    // Spread the remaining files so that the total is exactly SHAPE.files: 10 or 9 per ordinary project.
    const projectsLeft = SHAPE.projects - index;
    const filesHere = big
      ? SHAPE.bigProjectVersions * SHAPE.bigProjectFilesPerVersion
      : Math.ceil(remainingFiles / projectsLeft);
    if (!big) remainingFiles -= filesHere;
    const createdMs = startMs + Math.floor(rand() * 300) * 86_400_000;
    const projectVersions = [];
    let filesLeft = filesHere;

    for (let v = 0; v < versionCount; v++) {
      const version = big
        ? `${1 + Math.floor(v / 100)}.${Math.floor(v / 10) % 10}.${v % 10}`
        : `${1 + Math.floor(v / 3)}.${v % 3}.0`;
      const canonical = core.pep.versionIdentity(version);
      const at = createdMs + v * 3_600_000 * (1 + Math.floor(rand() * 48));
      const roll = rand();
      // A few versions are disabled or in the recycle bin, never the newest (the index must list the project).
      const disabled = v < versionCount - 1 && roll < 0.02;
      const deleted = v < versionCount - 1 && !disabled && roll < 0.03;
      versionId += 1;
      const versionRow = {
        id: versionId,
        project_id: projectId,
        version,
        canonical,
        summary: `${displayName} does ${WORDS[v % 16]} things`,
        requires_python: '>=3.8',
        core_metadata: JSON.stringify({
          metadataVersion: '2.1',
          name: displayName,
          version,
          summary: `${displayName} does ${WORDS[v % 16]} things`,
          requiresPython: '>=3.8',
          requiresDist: [`${WORDS[(index + 1) % 16]}-core>=1.0`],
        }),
        disabled_at: disabled ? iso(at + 86_400_000) : null,
        disabled_by: disabled ? 'bench' : null,
        disabled_reason: disabled ? 'CVE-2026-0000' : null,
        deleted_at: deleted ? iso(at + 86_400_000) : null,
        deleted_by: deleted ? 'bench' : null,
        deleted_reason: deleted ? 'superseded' : null,
        yanked_at: null,
        yanked_reason: null,
        created_at: iso(at),
        updated_at: iso(at),
      };
      rows.versions.push(versionRow);
      projectVersions.push({ row: versionRow, files: [] });

      const perVersion = big
        ? SHAPE.bigProjectFilesPerVersion
        : Math.min(2, filesLeft - (versionCount - 1 - v));
      filesLeft -= perVersion;
      const filenames = big
        ? [
            ...BIG_TAGS.map(tag => `${dist}-${version}-${tag}.whl`),
            `${dist}-${version}.tar.gz`,
          ]
        : [
            `${dist}-${version}-py3-none-any.whl`,
            `${dist}-${version}.tar.gz`,
          ].slice(0, perVersion);
      for (const filename of filenames) {
        fileId += 1;
        const wheel = filename.endsWith('.whl');
        const fileRow = {
          id: fileId,
          repository: REPOSITORY,
          version_id: versionId,
          filename,
          filetype: wheel ? 'bdist_wheel' : 'sdist',
          python_version: wheel ? filename.split('-')[2] : 'source',
          requires_python: '>=3.8',
          size: 10_000 + Math.floor(rand() * 5_000_000),
          sha256: hex(rand, 32),
          blake2_256: hex(rand, 32),
          md5: hex(rand, 16),
          metadata_sha256: hex(rand, 32),
          uploaded_by: 'ci via token publish',
          uploaded_at: iso(at),
          downloads: Math.floor(rand() * 5000),
        };
        rows.files.push(fileRow);
        projectVersions[projectVersions.length - 1].files.push(fileRow);
      }
    }

    // Real bytes for the downloadable files: the newest wheel of project 1 is the 200 MB file, the newest wheels of
    // the next SHAPE.smallFiles projects are small files.
    const newest = projectVersions[projectVersions.length - 1].files.find(
      file => file.filetype === 'bdist_wheel',
    );
    if (index === 1) {
      newest.size = SHAPE.largeFileBytes;
      newest.sha256 = await putLargeBlob(
        blobs,
        blobs.stagingDirectory,
        SHAPE.largeFileBytes,
      );
      large = {
        project: name,
        filename: newest.filename,
        sha256: newest.sha256,
        size: newest.size,
      };
    } else if (index >= 2 && index < 2 + SHAPE.smallFiles) {
      const content = crypto.randomBytes(SHAPE.smallFileBytes);
      newest.size = content.length;
      newest.sha256 = await putBlob(blobs, blobs.stagingDirectory, content);
      small.push({
        filename: newest.filename,
        sha256: newest.sha256,
        project: name,
        version: projectVersions[projectVersions.length - 1].row.version,
      });
    }

    // The denormalised figures the store keeps (migration 002): over versions not in the recycle bin.
    const live = projectVersions.filter(entry => !entry.row.deleted_at);
    const latest = live[live.length - 1].row;
    const liveFiles = live.flatMap(entry => entry.files);
    rows.projects.push({
      id: projectId,
      repository: REPOSITORY,
      name,
      display_name: displayName,
      created_at: iso(createdMs),
      updated_at: latest.updated_at,
      latest_version: latest.version,
      latest_sort: versionSortKey(latest.canonical),
      version_count: live.length,
      total_size: liveFiles.reduce((sum, file) => sum + file.size, 0),
      total_downloads: liveFiles.reduce((sum, file) => sum + file.downloads, 0),
    });
    if (index % 5 === 0) {
      rows.tags.push({
        project_id: projectId,
        tag: 'stable',
        version_id: latest.id,
        created_by: 'bench',
        created_at: latest.updated_at,
      });
    }
  }
  if (rows.files.length !== SHAPE.files)
    throw new Error(
      `generated ${rows.files.length} files, expected ${SHAPE.files}`,
    );
  return { rows, large, small };
}

/** Inserts the rows into a migrated database (SQLite or PostgreSQL). */
export async function loadDataset(knex, rows) {
  await core.migrateDatabase(knex);
  await knex.transaction(async trx => {
    await trx('wh_repositories')
      .insert({
        name: REPOSITORY,
        description: 'The default repository',
        anonymous_read: true,
        created_at: new Date().toISOString(),
      })
      .onConflict('name')
      .ignore();
    for (const [table, list] of [
      ['wh_projects', rows.projects],
      ['wh_versions', rows.versions],
      ['wh_files', rows.files],
      ['wh_tags', rows.tags],
    ]) {
      // SQLite's knex dialect inserts with a compound SELECT, limited to 500 terms.
      for (let i = 0; i < list.length; i += 400)
        await trx(table).insert(list.slice(i, i + 400));
    }
  });
  if (knex.client.config.client === 'pg') {
    // Explicit ids do not advance the serial sequences: set them past the data, for later inserts.
    for (const table of ['wh_projects', 'wh_versions', 'wh_files']) {
      await knex.raw(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
      );
    }
    await knex.raw('analyze');
  } else {
    await knex.raw('analyze');
  }
}

export function createDatabase(options) {
  return core.createDatabase(options);
}
