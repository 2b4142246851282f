#!/usr/bin/env node
// `npm run bench`: starts Wheelhouse (the built CLI, as a separate process) on a generated data set and measures it
// against nginx serving the same bytes as static files, on loopback, in one run. Prints a markdown table and writes
// it to bench/results.md. Environment: BENCH_SECONDS (length of each load run, default 10), BENCH_KEEP=1 (keep the
// work directory), BENCH_ROUNDS (runs per side in each comparison, default 3), BENCH_PIN=0 (no CPU pinning),
// BENCH_ONLY=index,compression,download,proxy,profile,backstage,pip,management,counting,upload,postgres,replicas (a subset, for working on one figure; results.md
// is then left alone), WHEELHOUSE_BENCH_PG_URL (PostgreSQL admin URL, default postgres://postgres@127.0.0.1:5432/postgres).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import knexFactory from 'knex';
import {
  buildDataset,
  createDatabase,
  FLUSH_INTERVAL_MS,
  loadDataset,
  REPOSITORY,
  SHAPE,
} from './lib/dataset.mjs';
import { startNginx, startNodeHttp } from './lib/nginx.mjs';
import {
  buildDependencyTree,
  buildHugeWheel,
  timePipInstall,
  twineUpload,
} from './lib/python.mjs';
import { startBackstage } from './lib/backstage.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { ROOT, SERVE_VARIANT, startWheelhouse } from './lib/server.mjs';
import { sha256File, uploadMultipart, uploadPut } from './lib/upload.mjs';
import {
  cpuSecondsOf,
  fmt,
  log,
  machineDescription,
  makeWorkDir,
  median,
  memoryOf,
  percentile,
  run,
} from './lib/util.mjs';
import { wrk } from './lib/wrk.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PG_ADMIN_URL =
  process.env.WHEELHOUSE_BENCH_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const UPLOAD_BYTES = 1_000_000_000;
const INDEX_CONNECTIONS = 16;
const DOWNLOAD_CONNECTIONS = 4;
/** Runs per side in each comparison; the better one counts. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const ONLY = process.env.BENCH_ONLY
  ? new Set(process.env.BENCH_ONLY.split(',').map(part => part.trim()))
  : undefined;
const want = phase => !ONLY || ONLY.has(phase);

const work = makeWorkDir();
const cleanups = [];
const rows = [];
const details = [];
const started = Date.now();

/** One line of the results table; the ratio is ours / baseline (for times: lower is better). */
function record({
  metric,
  ours,
  baseline,
  unit,
  target,
  pass,
  digits = 0,
  note,
  ratio: givenRatio,
}) {
  // The ratio of the two figures shown, unless the metric computes its own (e.g. a median of paired ratios).
  const ratio = givenRatio ?? (baseline ? ours / baseline : undefined);
  rows.push({
    metric,
    ours,
    baseline,
    unit,
    ratio,
    target: target ?? '—',
    pass,
    digits,
    note,
  });
  let status = '';
  if (pass !== undefined) status = pass ? ' PASS' : ' FAIL';
  log(
    `${metric}: ${fmt(ours, digits)} ${unit}${baseline ? ` vs ${fmt(baseline, digits)} (${ratio.toFixed(2)}×)` : ''}${status}`,
  );
  return ratio;
}

async function main() {
  const machine = machineDescription();
  log(
    `work directory ${work}; ${machine.nproc} × ${machine.model}, ${machine.memGiB} GiB, node ${machine.node}`,
  );
  await preflight();

  // ---- data set -----------------------------------------------------------------------------------------------
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  let t = Date.now();
  const dataset = await buildDataset({ blobDir: path.join(dataDir, 'blobs') });
  const sqlite = createDatabase({
    client: 'sqlite',
    filename: path.join(dataDir, 'wheelhouse.sqlite'),
  });
  await loadDataset(sqlite, dataset.rows);
  await sqlite.destroy();
  log(
    `data set: ${dataset.rows.projects.length} projects, ${dataset.rows.versions.length} versions, ${dataset.rows.files.length} files in SQLite (${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );

  const ours = await startWheelhouse({ dataDir });
  cleanups.push(() => ours.stop());
  if (!ours.token)
    throw new Error(
      `the server printed no bootstrap token:\n${ours.output.stdout}`,
    );

  // ---- pip dependency tree, uploaded with twine ---------------------------------------------------------------
  const tree = await buildDependencyTree(path.join(work, 'tree'));
  t = Date.now();
  await twineUpload({
    repositoryUrl: `${ours.url}/${REPOSITORY}/`,
    token: ours.token,
    files: tree.files,
  });
  log(
    `uploaded ${tree.files.length} wheels of the dependency tree with twine (${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );

  // ---- nginx with the same bytes --------------------------------------------------------------------------------
  const root = path.join(work, 'www');
  const pages = {
    'list.html': { path: `/${REPOSITORY}/simple/`, accept: undefined },
    'list.json': { path: `/${REPOSITORY}/simple/`, accept: JSON_TYPE },
    'project.html': {
      path: `/${REPOSITORY}/simple/${SHAPE.bigProject}/`,
      accept: undefined,
    },
    'project.json': {
      path: `/${REPOSITORY}/simple/${SHAPE.bigProject}/`,
      accept: JSON_TYPE,
    },
  };
  fs.mkdirSync(path.join(root, 'pages'), { recursive: true });
  for (const [file, page] of Object.entries(pages)) {
    const response = await fetch(`${ours.url}${page.path}`, {
      headers: page.accept ? { accept: page.accept } : {},
    });
    if (response.status !== 200)
      throw new Error(`GET ${page.path}: ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    fs.writeFileSync(path.join(root, 'pages', file), body);
    page.bytes = body.length;
  }
  const checks = JSON.parse(
    fs.readFileSync(path.join(root, 'pages/list.json'), 'utf8'),
  );
  const projectCheck = JSON.parse(
    fs.readFileSync(path.join(root, 'pages/project.json'), 'utf8'),
  );
  log(
    `index pages: /simple/ lists ${checks.projects.length} projects (HTML ${fmt(pages['list.html'].bytes / 1024)} KiB, JSON ${fmt(pages['list.json'].bytes / 1024)} KiB); ${SHAPE.bigProject} has ${projectCheck.files.length} files (HTML ${fmt(pages['project.html'].bytes / 1024)} KiB, JSON ${fmt(pages['project.json'].bytes / 1024)} KiB)`,
  );
  const blobPath = sha256 =>
    path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const linkFile = (sha256, filename) => {
    const target = path.join(root, REPOSITORY, 'files', sha256, filename);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target)) fs.linkSync(blobPath(sha256), target);
  };
  linkFile(dataset.large.sha256, dataset.large.filename);
  for (const file of dataset.small) linkFile(file.sha256, file.filename);
  // A static mirror of the dependency tree's index: project pages, files and their PEP 658 metadata.
  for (const project of tree.projects) {
    const response = await fetch(
      `${ours.url}/${REPOSITORY}/simple/${project}/`,
    );
    const html = await response.text();
    const dir = path.join(root, REPOSITORY, 'simple', project);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), html);
    for (const match of html.matchAll(
      /href="\.\.\/\.\.\/files\/([0-9a-f]{64})\/([^"#]+)#/g,
    )) {
      const [, sha256, filename] = match;
      linkFile(sha256, decodeURIComponent(filename));
      const metadata = await fetch(
        `${ours.url}/${REPOSITORY}/files/${sha256}/${filename}.metadata`,
      );
      fs.writeFileSync(
        path.join(
          root,
          REPOSITORY,
          'files',
          sha256,
          `${decodeURIComponent(filename)}.metadata`,
        ),
        Buffer.from(await metadata.arrayBuffer()),
      );
    }
  }
  const nginx = await startNginx({ dir: path.join(work, 'nginx'), root });
  cleanups.push(() => nginx.stop());
  const nodeHttp = await startNodeHttp({ root });
  cleanups.push(() => nodeHttp.stop());

  // ---- simple index throughput and p99 --------------------------------------------------------------------------
  const indexCases = [
    ['`/simple/` HTML (10,000 projects)', 'list.html'],
    ['`/simple/` JSON (10,000 projects)', 'list.json'],
    ['project page HTML (2,000 files)', 'project.html'],
    ['project page JSON (2,000 files)', 'project.json'],
  ];
  for (const [label, file] of want('index') ? indexCases : []) {
    const page = pages[file];
    const headers = page.accept ? { accept: page.accept } : {};
    const runs = await compare(
      label,
      {
        url: `${ours.url}${page.path}`,
        headers,
        connections: INDEX_CONNECTIONS,
        cpuPid: ours.pid,
      },
      {
        url: `${nginx.url}/pages/${file}`,
        connections: INDEX_CONNECTIONS,
        cpuPid: nginx.workerPid,
      },
      {
        url: `${nodeHttp.url}/pages/${file}`,
        connections: INDEX_CONNECTIONS,
        cpuPid: nodeHttp.pid,
      },
    );
    const { a, b } = runs;
    const ratio = a.requestsPerSecond / b.requestsPerSecond;
    record({
      metric: `${label}: throughput`,
      ours: a.requestsPerSecond,
      baseline: b.requestsPerSecond,
      unit: 'req/s',
      target: '≥ 0.80× nginx',
      pass: ratio >= 0.8,
    });
    const ceilingNote = recordCeiling(label, runs);
    record({
      metric: `${label}: p99 latency`,
      ours: a.latency.p99,
      baseline: b.latency.p99,
      unit: 'ms',
      digits: 1,
    });
    details.push(
      `- ${label}: ours p50 ${fmt(a.latency.p50, 2)} ms / p99 ${fmt(a.latency.p99, 2)} ms, nginx p50 ${fmt(b.latency.p50, 2)} ms / p99 ${fmt(b.latency.p99, 2)} ms (${fmt(page.bytes / 1024)} KiB per response, ${INDEX_CONNECTIONS} connections); all runs ours ${a.all} req/s, nginx ${b.all} req/s${ceilingNote}`,
    );
  }

  // ---- compressed index pages ------------------------------------------------------------------------------------
  if (want('compression')) {
    // Pages compressed once per cached page: what a gzip client gets, and at what rate, against nginx sending the same
    // page uncompressed (its static files are not precompressed).
    for (const [label, file] of [
      ['`/simple/` HTML', 'list.html'],
      ['project page HTML', 'project.html'],
      ['project page JSON', 'project.json'],
    ]) {
      const page = pages[file];
      const headers = {
        ...(page.accept ? { accept: page.accept } : {}),
        'accept-encoding': 'gzip',
      };
      const sizes = await compressedSize(`${ours.url}${page.path}`, headers);
      const { a, b } = await compare(
        `${label} gzip`,
        {
          url: `${ours.url}${page.path}`,
          headers,
          connections: INDEX_CONNECTIONS,
        },
        { url: `${nginx.url}/pages/${file}`, connections: INDEX_CONNECTIONS },
      );
      record({
        metric: `${label}, gzip (${fmt(sizes.bytes / 1024, 1)} KiB of ${fmt(page.bytes / 1024, 1)} KiB): throughput vs nginx uncompressed`,
        ours: a.requestsPerSecond,
        baseline: b.requestsPerSecond,
        unit: 'req/s',
      });
      if (sizes.encoding !== 'gzip')
        throw new Error(
          `${page.path} with gzip: sent ${sizes.encoding ?? 'identity'}`,
        );
    }
  }

  // ---- downloads ------------------------------------------------------------------------------------------------
  const largePath = `/${REPOSITORY}/files/${dataset.large.sha256}/${dataset.large.filename}`;
  if (want('download')) {
    const { a, b } = await compare(
      'download',
      { url: `${ours.url}${largePath}`, connections: DOWNLOAD_CONNECTIONS },
      { url: `${nginx.url}${largePath}`, connections: DOWNLOAD_CONNECTIONS },
    );
    const ratio = a.bytesPerSecond / b.bytesPerSecond;
    record({
      metric: 'download 200 MB file: throughput',
      ours: a.bytesPerSecond / 1e6,
      baseline: b.bytesPerSecond / 1e6,
      unit: 'MB/s',
      target: '≥ 0.67× nginx',
      pass: ratio >= 1 / 1.5,
    });
    details.push(
      `- 200 MB download: ours ${fmt(a.requestsPerSecond, 1)} files/s, nginx ${fmt(b.requestsPerSecond, 1)} files/s (${DOWNLOAD_CONNECTIONS} connections); all runs ours ${a.all} files/s, nginx ${b.all} files/s`,
    );
  }
  const smallPaths = dataset.small.map(
    file => `/${REPOSITORY}/files/${file.sha256}/${file.filename}`,
  );
  if (want('download')) {
    const side = (url, cpuPid) => ({
      url,
      paths: smallPaths,
      workDir: work,
      connections: INDEX_CONNECTIONS,
      cpuPid,
    });
    const runs = await compare(
      'small downloads',
      side(ours.url, ours.pid),
      side(nginx.url, nginx.workerPid),
      side(nodeHttp.url, nodeHttp.pid),
    );
    const { a, b } = runs;
    const label = `download 16 KiB files (${SHAPE.smallFiles} in rotation)`;
    record({
      metric: `${label}: throughput`,
      ours: a.requestsPerSecond,
      baseline: b.requestsPerSecond,
      unit: 'req/s',
      target: '≥ 0.50× nginx',
      pass: a.requestsPerSecond >= 0.5 * b.requestsPerSecond,
    });
    const ceilingNote = recordCeiling(label, runs);
    details.push(
      `- ${label}: ours p50 ${fmt(a.latency.p50, 2)} ms / p99 ${fmt(a.latency.p99, 2)} ms, nginx p50 ${fmt(b.latency.p50, 2)} ms / p99 ${fmt(b.latency.p99, 2)} ms; all runs ours ${a.all} req/s, nginx ${b.all} req/s${ceilingNote}`,
    );
  }

  // ---- a CPU profile of the small downloads (not a figure: where the time goes) ----------------------------------
  if (want('profile')) {
    // A second server on the same data, with V8's sampling profiler on; the profile and its text summary go to
    // bench/output/ (ignored by git), which outlives the work directory.
    const profileDir = path.join(
      ROOT,
      'bench/output',
      `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    const profiled = await startWheelhouse({
      dataDir,
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir],
    });
    try {
      // At least 10 s: the first pass over the files (each a miss of the file index) and the start-up must not be
      // most of the profile.
      await wrk({
        url: profiled.url,
        paths: smallPaths,
        workDir: work,
        seconds: Math.max(SECONDS, 10),
        connections: INDEX_CONNECTIONS,
      });
    } finally {
      await profiled.stop();
    }
    for (const file of fs.readdirSync(profileDir)) {
      if (!file.endsWith('.cpuprofile')) continue;
      const summary = path.join(
        profileDir,
        file.replace(/\.cpuprofile$/, '.txt'),
      );
      fs.writeFileSync(summary, summarizeProfile(path.join(profileDir, file)));
      log(
        `CPU profile of 16 KiB downloads: ${path.join(profileDir, file)} (summary ${summary})`,
      );
    }
  }

  // ---- pip install of the dependency tree, cold cache -----------------------------------------------------------
  if (want('pip')) {
    const times = { ours: [], nginx: [] };
    for (let round = 0; round < 3; round++) {
      for (const [name, url] of [
        ['ours', ours.url],
        ['nginx', nginx.url],
      ]) {
        const result = await timePipInstall({
          indexUrl: `${url}/${REPOSITORY}/simple/`,
          root: tree.root,
          venvDir: path.join(work, `venv-${name}-${round}`),
        });
        if (result.installed.length !== tree.projects.length) {
          throw new Error(
            `pip installed ${result.installed.length} packages from ${name}, expected ${tree.projects.length}:\n${result.output}`,
          );
        }
        times[name].push(result.seconds);
      }
    }
    record({
      metric: `\`pip install\` of a ${tree.projects.length - 1}-package dependency tree, cold cache`,
      ours: median(times.ours),
      baseline: median(times.nginx),
      unit: 's',
      digits: 2,
    });
    details.push(
      `- pip install (median of 3, fresh venv, --no-cache-dir): ours ${times.ours.map(s => s.toFixed(2)).join(' / ')} s, nginx static mirror ${times.nginx.map(s => s.toFixed(2)).join(' / ')} s`,
    );
  }

  // ---- inside Backstage ------------------------------------------------------------------------------------------
  if (want('backstage'))
    await insideBackstage({ ours, nginx, tree, dataset, pages });

  // ---- management list / search on SQLite -------------------------------------------------------------------------
  if (want('management')) await managementLatency(ours, 'SQLite');
  const loadMemory = memoryOf(ours.pid);
  record({
    metric: 'server peak RSS over the index, download, pip and management runs',
    ours: loadMemory.peakMiB,
    unit: 'MiB',
  });
  // ---- proxy repository: its stored pages and files against the hosted ones ------------------------------------------
  if (want('proxy')) {
    // A second server proxies ours; once a page and a file went through it, both are served from what it stored (the
    // page revalidated only after its TTL). Baseline: the same page and file from the hosted repository upstream.
    const edgeDir = path.join(work, 'proxy-edge');
    const edge = await startWheelhouse({
      dataDir: edgeDir,
      config: {
        repositories: [
          {
            name: 'pypi',
            kind: 'proxy',
            anonymousRead: true,
            upstream: {
              url: `${ours.url}/${REPOSITORY}/simple/`,
              ttlSeconds: 3600,
            },
          },
        ],
      },
    });
    cleanups.push(() => edge.stop());
    const project = SHAPE.bigProject;
    const warm = await fetch(`${edge.url}/pypi/simple/${project}/`, {
      headers: { accept: JSON_TYPE },
    });
    if (warm.status !== 200)
      throw new Error(`proxy page: ${warm.status} ${await warm.text()}`);
    // A wheel of the dependency tree (the big project's files have no bytes); the same address under both.
    const treePage = await fetch(
      `${edge.url}/pypi/simple/${tree.projects[0]}/`,
      {
        headers: { accept: JSON_TYPE },
      },
    );
    const [listed] = (await treePage.json()).files;
    const fileOf = base => `${base}/${listed.url.replace(/^\.\.\/\.\.\//, '')}`;
    const proxiedFile = fileOf(`${edge.url}/pypi`);
    const first = await fetch(proxiedFile);
    if (first.status !== 200)
      throw new Error(`proxy file: ${first.status} ${await first.text()}`);
    await first.arrayBuffer();
    const cases = [
      [
        `proxy: stored project page JSON (${project})`,
        {
          url: `${edge.url}/pypi/simple/${project}/`,
          headers: { accept: JSON_TYPE },
        },
        {
          url: `${ours.url}/${REPOSITORY}/simple/${project}/`,
          headers: { accept: JSON_TYPE },
        },
      ],
      [
        'proxy: stored small file',
        { url: proxiedFile },
        { url: fileOf(`${ours.url}/${REPOSITORY}`) },
      ],
    ];
    for (const [label, proxied, hosted] of cases) {
      const { a, b } = await compare(
        label,
        { ...proxied, connections: INDEX_CONNECTIONS },
        { ...hosted, connections: INDEX_CONNECTIONS },
      );
      record({
        metric: `${label}: throughput vs the hosted repository`,
        ours: a.requestsPerSecond,
        baseline: b.requestsPerSecond,
        unit: 'req/s',
      });
      details.push(
        `- ${label}: proxy p50 ${fmt(a.latency.p50, 2)} ms / p99 ${fmt(a.latency.p99, 2)} ms, hosted p50 ${fmt(b.latency.p50, 2)} ms / p99 ${fmt(b.latency.p99, 2)} ms; all runs proxy ${a.all} req/s, hosted ${b.all} req/s`,
      );
    }
  }

  await ours.stop();

  // ---- download counting cost -----------------------------------------------------------------------------------
  if (want('counting')) {
    // The same server with and without counting (bench/serve.mjs replaces the counter by a no-op). Throughput here
    // drifts by more than the 5% to be measured, and so does a fresh process's CPU per request, so both variants run
    // side by side for the whole comparison and are loaded in turn, in pairs whose order alternates, each load as long
    // as the flush interval. A server's CPU is taken over the whole pair, so that a flush falling in the other's turn
    // counts too; the figure is the median of the pairs' ratios of server CPU per download.
    // Each on its own copy of the database as the earlier phases left it, sharing the blobs: both start equal.
    const copyOfData = name => {
      const dir = path.join(work, name);
      fs.mkdirSync(dir, { recursive: true });
      for (const suffix of ['', '-wal']) {
        const file = path.join(dataDir, `wheelhouse.sqlite${suffix}`);
        if (fs.existsSync(file))
          fs.copyFileSync(file, path.join(dir, `wheelhouse.sqlite${suffix}`));
      }
      fs.symlinkSync(path.join(dataDir, 'blobs'), path.join(dir, 'blobs'));
      return dir;
    };
    const servers = {
      on: await startWheelhouse({
        dataDir: copyOfData('data-count'),
        script: SERVE_VARIANT,
      }),
      off: await startWheelhouse({
        dataDir: copyOfData('data-no-count'),
        script: SERVE_VARIANT,
        extraArgs: ['--no-count'],
      }),
    };
    try {
      // CPU is read around whole pairs below, not around each load.
      const load = (variant, seconds) =>
        wrk({
          url: servers[variant].url,
          paths: smallPaths,
          workDir: work,
          seconds,
          connections: INDEX_CONNECTIONS,
        });
      for (const variant of ['on', 'off']) await load(variant, 3);
      const runs = { on: [], off: [] };
      const ratios = [];
      const pairs = Math.max(4, ROUNDS * 2);
      const seconds = Math.round(FLUSH_INTERVAL_MS / 1000);
      for (let pair = 0; pair < pairs; pair++) {
        const order = pair % 2 ? ['off', 'on'] : ['on', 'off'];
        const cpuBefore = {
          on: cpuSecondsOf(servers.on.pid),
          off: cpuSecondsOf(servers.off.pid),
        };
        const result = {};
        for (const variant of order) {
          result[variant] = await load(variant, seconds);
          if (result[variant].errors)
            throw new Error(
              `download counting (${variant}): ${result[variant].errors} errors`,
            );
        }
        for (const variant of order) {
          const cpuSeconds =
            cpuSecondsOf(servers[variant].pid) - cpuBefore[variant];
          result[variant].cpuMicrosPerRequest =
            (cpuSeconds * 1e6) / result[variant].requests;
          runs[variant].push(result[variant]);
        }
        ratios.push(
          result.on.cpuMicrosPerRequest / result.off.cpuMicrosPerRequest,
        );
      }
      const mean = list =>
        list.reduce(
          (sum, sample) => sum + sample.cpuMicrosPerRequest * sample.requests,
          0,
        ) / list.reduce((sum, sample) => sum + sample.requests, 0);
      const best = list =>
        Math.max(...list.map(sample => sample.requestsPerSecond));
      record({
        metric: 'download counting: 16 KiB downloads/s with counting / without',
        ours: best(runs.on),
        baseline: best(runs.off),
        unit: 'req/s',
      });
      const ratio = median(ratios);
      record({
        metric:
          'download counting: server CPU per download with counting / without (median of paired runs)',
        ours: mean(runs.on),
        baseline: mean(runs.off),
        unit: 'µs',
        target: '≤ 1.05 (cost < 5%)',
        pass: ratio <= 1.05,
        ratio,
      });
      const describe = list =>
        list
          .map(
            sample =>
              `${fmt(sample.requestsPerSecond)} req/s at ${fmt(sample.cpuMicrosPerRequest)} µs`,
          )
          .join(', ');
      details.push(
        `- download counting (${SHAPE.smallFiles} files in rotation, counts written every ${fmt(FLUSH_INTERVAL_MS / 1000)} s; ${pairs} pairs of runs): with ${describe(runs.on)}; without ${describe(runs.off)}; ratios of the pairs ${ratios.map(value => value.toFixed(3)).join(', ')}`,
      );
    } finally {
      await servers.on.stop();
      await servers.off.stop();
    }
  }

  // ---- 1 GB upload: throughput and the server's peak RSS ----------------------------------------------------------
  if (want('upload')) {
    t = Date.now();
    const wheel = await buildHugeWheel(path.join(work, 'huge'), UPLOAD_BYTES);
    const size = fs.statSync(wheel).size;
    const sha256 = await sha256File(wheel);
    log(
      `built a ${fmt(size / 1e6)} MB wheel (${((Date.now() - t) / 1000).toFixed(1)} s)`,
    );
    const put = await uploadPut({
      url: `${nginx.url}/upload/huge.whl`,
      file: wheel,
    });
    if (put.status !== 201 && put.status !== 204)
      throw new Error(`nginx PUT: ${put.status} ${put.body}`);
    fs.rmSync(path.join(root, 'upload', 'huge.whl'), { force: true });
    const uploadDir = path.join(work, 'upload-server');
    const server = await startWheelhouse({ dataDir: uploadDir });
    try {
      const before = memoryOf(server.pid);
      const response = await uploadMultipart({
        url: `${server.url}/${REPOSITORY}/`,
        authorization: server.auth,
        file: wheel,
        name: 'huge-pkg',
        version: '1.0.0',
        sha256,
      });
      if (response.status !== 200)
        throw new Error(`upload: ${response.status} ${response.body}`);
      const after = memoryOf(server.pid);
      record({
        metric: 'upload 1 GB wheel: throughput',
        ours: size / 1e6 / response.seconds,
        baseline: size / 1e6 / put.seconds,
        unit: 'MB/s',
        digits: 0,
      });
      record({
        metric: 'upload 1 GB wheel: server peak RSS',
        ours: after.peakMiB,
        unit: 'MiB',
        target: '< 200 MiB',
        pass: after.peakMiB < 200,
      });
      details.push(
        `- 1 GB upload: ${response.seconds.toFixed(1)} s (multipart POST, three digests, fsync, metadata extraction) vs nginx WebDAV PUT ${put.seconds.toFixed(1)} s (no digests, no fsync); server RSS ${fmt(before.rssMiB)} MiB before, peak ${fmt(after.peakMiB)} MiB`,
      );
    } finally {
      await server.stop();
      fs.rmSync(uploadDir, { recursive: true, force: true });
      fs.rmSync(wheel, { force: true });
    }
  }
  await nginx.stop();
  await nodeHttp.stop();

  // ---- management list / search on PostgreSQL ---------------------------------------------------------------------
  if (want('postgres') || want('replicas')) {
    const name = `wh_bench_${crypto.randomBytes(5).toString('hex')}`;
    const admin = knexFactory({
      client: 'pg',
      connection: PG_ADMIN_URL,
      pool: { min: 0, max: 1 },
    });
    await admin.raw(`create database ${name}`);
    cleanups.push(async () => {
      await admin
        .raw(`drop database if exists ${name} with (force)`)
        .catch(error => log(`could not drop ${name}: ${error.message}`));
      await admin.destroy();
    });
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    t = Date.now();
    const pg = createDatabase({ client: 'pg', connection: url.toString() });
    await loadDataset(pg, dataset.rows);
    await pg.destroy();
    log(
      `data set loaded into PostgreSQL database ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
    );
    const server = await startWheelhouse({
      dataDir: path.join(work, 'pg-server'),
      databaseUrl: url.toString(),
    });
    try {
      if (want('postgres')) await managementLatency(server, 'PostgreSQL');
      if (want('replicas')) {
        const other = await startWheelhouse({
          dataDir: path.join(work, 'pg-server-b'),
          databaseUrl: url.toString(),
        });
        try {
          await replicaPropagation(server, other, dataset.small[0]);
        } finally {
          await other.stop();
        }
      }
    } finally {
      await server.stop();
    }
  }

  return machine;
}

/**
 * Loads ours and nginx alike, alternating (ours, nginx, ours, nginx) after a warm-up, and keeps each side's better
 * run: background activity on the machine only ever slows a run down.
 */
/**
 * Loads ours and the baseline (and, if given, a third side: Node's own http serving the same bytes) in turn, ROUNDS
 * times; the best run of each counts.
 */
function compare(label, ours, nginx, ceiling) {
  return loadInTurn(label, {
    a: ours,
    b: nginx,
    ...(ceiling ? { c: ceiling } : {}),
  });
}

/**
 * Loads each side (name → wrk options) in turn, ROUNDS times, after a warm-up (the first side 2 s, the others 1 s,
 * unless `warmupSeconds` says); per side the best run, with the median CPU per request and every run's rate.
 */
async function loadInTurn(label, sides, { warmupSeconds } = {}) {
  const entries = Object.entries(sides);
  for (const [index, [, side]] of entries.entries())
    await wrk({ ...side, seconds: warmupSeconds ?? (index === 0 ? 2 : 1) });
  const runs = Object.fromEntries(entries.map(([key]) => [key, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [key, side] of entries)
      runs[key].push(await wrk({ ...side, seconds: SECONDS }));
  const best = (key, list) => {
    const errors = list.reduce((sum, sample) => sum + sample.errors, 0);
    if (errors)
      throw new Error(
        `${label} (${key}): ${errors} failed requests\n${list.map(sample => sample.raw).join('\n')}`,
      );
    const sorted = [...list].sort(
      (x, y) => y.requestsPerSecond - x.requestsPerSecond,
    );
    const cpu = list
      .map(sample => sample.cpuMicrosPerRequest)
      .filter(value => value !== undefined);
    return {
      ...sorted[0],
      // Server CPU per request, the median over the runs: steadier than throughput on a loaded machine.
      cpuMicros: cpu.length ? median(cpu) : undefined,
      all: list
        .map(sample =>
          fmt(sample.requestsPerSecond, sample.requestsPerSecond < 100 ? 1 : 0),
        )
        .join(' / '),
    };
  };
  return Object.fromEntries(
    Object.entries(runs).map(([key, list]) => [key, best(key, list)]),
  );
}

/** The rows saying how far Node's own http gets on the same bytes, and how far ours gets towards it. */
function recordCeiling(label, { a, b, c }) {
  record({
    metric: `${label}: server CPU per request, ours vs nginx`,
    ours: a.cpuMicros,
    baseline: b.cpuMicros,
    unit: 'µs',
    digits: 1,
  });
  record({
    metric: `${label}: server CPU per request, Node's http module vs nginx`,
    ours: c.cpuMicros,
    baseline: b.cpuMicros,
    unit: 'µs',
    digits: 1,
  });
  record({
    metric: `${label}: Node's http module sending the same bytes from memory, vs nginx`,
    ours: c.requestsPerSecond,
    baseline: b.requestsPerSecond,
    unit: 'req/s',
  });
  record({
    metric: `${label}: ours vs Node's http module sending the same bytes`,
    ours: a.requestsPerSecond,
    baseline: c.requestsPerSecond,
    unit: 'req/s',
  });
  return `; Node http baseline ${c.all} req/s (p99 ${fmt(c.latency.p99, 2)} ms)`;
}

/**
 * The dev Backstage backend with the plugin, holding the dependency tree (uploaded with twine), against the standalone
 * server and nginx serving the same files and pages: the tree's wheels in rotation and one project page (the
 * standalone server's `/simple/` lists the whole data set, so the project lists are not comparable). Each round loads Backstage, the standalone server and nginx in turn; the best run of each counts.
 */
async function insideBackstage({ ours, nginx, tree, dataset, pages }) {
  // The dev backend as the README recommends installing the plugin (installPypiRootFastPath in front of Backstage's
  // app), and the same backend with the root router as Backstage sets it up. Both hold the data set (loaded into the
  // plugin's database before the backend starts: Backstage's SQLite mode keeps one file per plugin) and the tree.
  const withDataset = async dataDir => {
    fs.mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    const db = createDatabase({
      client: 'sqlite',
      filename: path.join(dataDir, 'db', 'pypi.sqlite'),
    });
    await loadDataset(db, dataset.rows);
    await db.destroy();
    return dataDir;
  };
  const backstage = await startBackstage({
    dataDir: await withDataset(path.join(work, 'backstage')),
  });
  const plain = await startBackstage({
    dataDir: await withDataset(path.join(work, 'backstage-plain')),
    env: { WHEELHOUSE_ROOT_FAST_PATH: 'off' },
  });
  try {
    for (const backend of [backstage, plain])
      await twineUpload({
        repositoryUrl: `${backend.pypi}/${REPOSITORY}/`,
        token: backend.token,
        files: tree.files,
      });
    const filePaths = [];
    let bytes = 0;
    for (const project of tree.projects) {
      const page = await (
        await fetch(`${ours.url}/${REPOSITORY}/simple/${project}/`, {
          headers: { accept: JSON_TYPE },
        })
      ).json();
      for (const file of page.files) {
        const url = new URL(
          file.url,
          `${ours.url}/${REPOSITORY}/simple/${project}/`,
        );
        filePaths.push(url.pathname);
        bytes += file.size;
      }
    }
    const project = tree.projects[0];
    const cases = [
      [
        `download the dependency tree's wheels (${filePaths.length} in rotation, ${fmt(bytes / filePaths.length / 1024, 1)} KiB on average)`,
        // wrk's path list replaces the URL's path: Backstage's mount point goes in front of each.
        base => ({
          url: base,
          paths: filePaths.map(
            file => `${new URL(base).pathname.replace(/\/$/, '')}${file}`,
          ),
          workDir: work,
        }),
      ],
      [
        `project page HTML (${project})`,
        base => ({ url: `${base}/${REPOSITORY}/simple/${project}/` }),
      ],
      // The data set's pages, as the standalone index cases load them; nginx has them under /pages/.
      ...[
        ['`/simple/` JSON (10,000 projects)', 'list.json'],
        [
          `project page HTML (${SHAPE.bigProject}, 2,000 files)`,
          'project.html',
        ],
      ].map(([label, file]) => [
        label,
        (base, name) =>
          name === 'nginx'
            ? { url: `${base}/pages/${file}` }
            : {
                url: `${base}${pages[file].path}`,
                headers: pages[file].accept
                  ? { accept: pages[file].accept }
                  : {},
              },
      ]),
    ];
    // nginx has the tree's pages and files (see the static mirror above); its /simple/ is not mirrored.
    const sides = {
      backstage: backstage.pypi,
      plain: plain.pypi,
      standalone: ours.url,
      nginx: nginx.url,
    };
    for (const [label, target] of cases) {
      const names = ['backstage', 'plain', 'standalone', 'nginx'];
      const pids = {
        backstage: backstage.pid,
        plain: plain.pid,
        standalone: ours.pid,
        nginx: nginx.workerPid,
      };
      const best = await loadInTurn(
        label,
        Object.fromEntries(
          names.map(name => [
            name,
            {
              ...target(sides[name], name),
              connections: INDEX_CONNECTIONS,
              cpuPid: pids[name],
            },
          ]),
        ),
        { warmupSeconds: 2 },
      );
      const download = label.startsWith('download');
      // The index-page target is for the data set's big pages; the tree's small page shows per-request overhead.
      const bigPage = !download && !label.includes(`(${project})`);
      record({
        metric: `inside Backstage: ${label}, vs standalone`,
        ours: best.backstage.requestsPerSecond,
        baseline: best.standalone.requestsPerSecond,
        unit: 'req/s',
        target: download ? '≥ 0.50× standalone' : undefined,
        pass: download
          ? best.backstage.requestsPerSecond >=
            0.5 * best.standalone.requestsPerSecond
          : undefined,
      });
      record({
        metric: `inside Backstage without installPypiRootFastPath: ${label}, vs standalone`,
        ours: best.plain.requestsPerSecond,
        baseline: best.standalone.requestsPerSecond,
        unit: 'req/s',
      });
      // Server CPU per request (median of the rounds): steadier than throughput on a shared machine.
      for (const [name, what] of [
        ['backstage', 'inside Backstage'],
        ['plain', 'inside Backstage without installPypiRootFastPath'],
      ])
        record({
          metric: `${what}: ${label}, server CPU per request vs standalone`,
          ours: best[name].cpuMicros,
          baseline: best.standalone.cpuMicros,
          unit: 'µs',
          digits: 1,
        });
      if (best.nginx) {
        record({
          metric: `inside Backstage: ${label}, vs nginx`,
          ours: best.backstage.requestsPerSecond,
          baseline: best.nginx.requestsPerSecond,
          unit: 'req/s',
          target: bigPage ? '≥ 0.50× nginx' : undefined,
          pass: bigPage
            ? best.backstage.requestsPerSecond >=
              0.5 * best.nginx.requestsPerSecond
            : undefined,
        });
        record({
          metric: `standalone: ${label}, vs nginx`,
          ours: best.standalone.requestsPerSecond,
          baseline: best.nginx.requestsPerSecond,
          unit: 'req/s',
        });
      }
    }
    record({
      metric: 'Backstage backend peak RSS over these runs',
      ours: memoryOf(backstage.pid).peakMiB,
      unit: 'MiB',
    });
  } finally {
    await backstage.stop();
    await plain.stop();
  }
}

/**
 * Two replicas on one PostgreSQL database: how long after replica A answers a disable (or an enable) replica B's
 * project page and file answer show it, B having both in its caches. 10 rounds of each; the worst counts.
 */
async function replicaPropagation(a, b, target) {
  const page = `${b.url}/${REPOSITORY}/simple/${target.project}/`;
  const file = `${b.url}/${REPOSITORY}/files/${target.sha256}/${target.filename}`;
  const api = `${a.url}/api/v1/repositories/${REPOSITORY}/packages/${target.project}/versions/${target.version}`;
  const listedAsYanked = async () => {
    const listing = await (
      await fetch(page, { headers: { accept: JSON_TYPE } })
    ).json();
    return Boolean(
      listing.files.find(f => f.filename === target.filename)?.yanked,
    );
  };
  const refused = async () => {
    const response = await fetch(file);
    await response.arrayBuffer();
    return response.status === 403;
  };
  const polls = [];
  /** When (ms after `since`) a poll of `check` first ended with `wanted`; three pollers, staggered. */
  const firstSeen = (check, wanted, since) =>
    new Promise((resolve, reject) => {
      let done = false;
      const poll = async delay => {
        await new Promise(r => setTimeout(r, delay));
        while (!done) {
          const begin = performance.now();
          const seen = await check();
          const end = performance.now();
          polls.push(end - begin);
          if (seen === wanted) {
            done = true;
            resolve(end - since);
          } else if (end - since > 10_000) {
            done = true;
            reject(new Error('replica B did not see the change within 10 s'));
          }
        }
      };
      for (const delay of [0, 2, 4]) poll(delay).catch(reject);
    });
  const samples = { disable: [], enable: [] };
  let missed = 0;
  for (let round = 0; round < 10; round++) {
    for (const action of ['disable', 'enable']) {
      // B has the page and the file's entry in its caches.
      await listedAsYanked();
      await refused();
      const response = await fetch(`${api}/${action}`, {
        method: 'POST',
        headers: { authorization: a.auth, 'content-type': 'application/json' },
        body: JSON.stringify(action === 'disable' ? { reason: 'bench' } : {}),
      });
      if (response.status !== 200)
        throw new Error(
          `${action}: ${response.status} ${await response.text()}`,
        );
      const answered = performance.now();
      const wanted = action === 'disable';
      // The target: requests B gets 100 ms after A answered show the change.
      const atLimit = (async () => {
        await new Promise(r =>
          setTimeout(r, answered + 100 - performance.now()),
        );
        const [listed, download] = await Promise.all([
          listedAsYanked(),
          refused(),
        ]);
        return listed === wanted && download === wanted;
      })();
      const [pageMs, fileMs, shownAtLimit] = await Promise.all([
        firstSeen(listedAsYanked, wanted, answered),
        firstSeen(refused, wanted, answered),
        atLimit,
      ]);
      samples[action].push(Math.max(pageMs, fileMs));
      if (!shownAtLimit) missed += 1;
    }
  }
  record({
    metric:
      'two replicas on PostgreSQL: disables and enables on A not yet shown by B 100 ms after A answered (of 20)',
    ours: missed,
    unit: '',
    target: '0',
    pass: missed === 0,
  });
  record({
    metric:
      'two replicas on PostgreSQL: when B first showed a disable (worst of 10; includes one poll)',
    ours: Math.max(...samples.disable),
    unit: 'ms',
    digits: 1,
  });
  details.push(
    `- replica propagation (LISTEN/NOTIFY; after A answered, three staggered pollers each for B's page and file; a figure is when the first poll showing the change ended, so it includes up to one poll, median ${fmt(median(polls), 1)} ms): disable ${samples.disable.map(ms => ms.toFixed(1)).join(' / ')} ms; enable ${samples.enable.map(ms => ms.toFixed(1)).join(' / ')} ms`,
  );
}

/** The bytes of one response as sent (not decompressed), and its Content-Encoding. */
function compressedSize(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, response => {
        let bytes = 0;
        response.on('data', chunk => (bytes += chunk.length));
        response.on('end', () =>
          resolve({ bytes, encoding: response.headers['content-encoding'] }),
        );
      })
      .on('error', reject);
  });
}

/** Sequential requests (one client, keep-alive) per query; p50 and p99 per query, the worst p99 in the table. */
async function managementLatency(server, database) {
  const base = `${server.url}/api/v1/repositories/${REPOSITORY}/packages`;
  const queries = [
    ['list', 'by name, first page', '?limit=20'],
    ['list', 'by name, page 250', '?limit=20&offset=4980'],
    ['list', 'by name, last page', '?limit=20&offset=9980'],
    ['list', 'by downloads', '?sort=downloads&limit=20'],
    ['list', 'by last update', '?sort=updated&limit=20'],
    ['list', 'by latest version', '?sort=latest&limit=20'],
    ['list', 'by size, 200 per page', '?sort=size&limit=200'],
    ['search', '"ml-" (1,250 matches)', '?search=ml-&limit=20'],
    ['search', '"data-net-1" (few matches)', '?search=data-net-1&limit=20'],
    ['search', '"Web_Core" (normalised)', '?search=Web_Core&limit=20'],
    ['search', '"api" by downloads', '?search=api&sort=downloads&limit=20'],
    ['search', '"zzz" (no match)', '?search=zzz&limit=20'],
  ];
  // Per query: 10 warm-up requests, then 100 measured, one at a time. The table shows the slowest query's p95 (the
  // target) with its p99; every query's p50/p95/p99 and match count go to the details.
  const worst = { list: { p95: 0, p99: 0 }, search: { p95: 0, p99: 0 } };
  const lines = [];
  for (const [kind, label, query] of queries) {
    const samples = [];
    let total;
    for (let i = 0; i < 110; i++) {
      const begin = process.hrtime.bigint();
      const response = await fetch(`${base}${query}`, {
        headers: { authorization: server.auth },
      });
      const body = await response.json();
      const ms = Number(process.hrtime.bigint() - begin) / 1e6;
      if (response.status !== 200)
        throw new Error(
          `${database} ${query}: ${response.status} ${JSON.stringify(body)}`,
        );
      total = body.total;
      if (i >= 10) samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    const p95 = percentile(samples, 95);
    const p99 = percentile(samples, 99);
    if (p95 > worst[kind].p95) worst[kind] = { p95, p99 };
    lines.push(
      `${label} [${fmt(total)} matching] ${fmt(percentile(samples, 50), 1)}/${fmt(p95, 1)}/${fmt(p99, 1)}`,
    );
  }
  const big = [];
  for (let i = 0; i < 20; i++) {
    const begin = process.hrtime.bigint();
    const response = await fetch(`${base}/${SHAPE.bigProject}`, {
      headers: { authorization: server.auth },
    });
    await response.arrayBuffer();
    if (i >= 5) big.push(Number(process.hrtime.bigint() - begin) / 1e6);
  }
  details.push(
    `- management on ${database}, p50/p95/p99 ms per query (100 sequential requests each): ${lines.join('; ')}; artifact detail of ${SHAPE.bigProject} (400 versions, 2,000 files) ${fmt(median(big), 1)} ms median`,
  );
  for (const kind of ['list', 'search']) {
    record({
      metric: `management ${kind} (${SHAPE.projects.toLocaleString('en-US')} artifacts, ${SHAPE.files.toLocaleString('en-US')} files), ${database}: slowest query p95 (p99)`,
      ours: worst[kind].p95,
      note: `(${fmt(worst[kind].p99, 1)})`,
      unit: 'ms',
      target: '< 50 ms',
      pass: worst[kind].p95 < 50,
      digits: 1,
    });
  }
}

async function preflight() {
  for (const [command, args] of [
    ['wrk', ['--version']],
    ['nginx', ['-v']],
    ['/usr/bin/python3', ['--version']],
    ['/usr/bin/twine', ['--version']],
  ]) {
    await run(command, args).catch(error => {
      // wrk --version exits 1 after printing its version.
      if (command === 'wrk' && /wrk \d|exit 1\)/.test(error.message)) return;
      throw new Error(
        `${command} is needed (npm run setup:bench installs it): ${error.message.split('\n')[0]}`,
      );
    });
  }
  if (
    !fs.existsSync(path.join(ROOT, 'packages/registry-core/dist/cli/main.js'))
  )
    throw new Error('build first: npm run build');
  const admin = knexFactory({
    client: 'pg',
    connection: PG_ADMIN_URL,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is needed at ${PG_ADMIN_URL}: ${error.message}`,
    );
  } finally {
    await admin.destroy();
  }
}

function verdict(pass) {
  if (pass === undefined) return 'info';
  return pass ? 'pass' : '**FAIL**';
}

function table(machine) {
  const lines = [
    `Machine: ${machine.nproc} × ${machine.model}, ${machine.memGiB} GiB RAM, ${machine.distro} (kernel ${machine.kernel}), Node.js ${machine.node}; ` +
      `loopback; wrk (1 thread) on core 1, the server under test (Wheelhouse: one Node process; nginx: 1 worker, sendfile) on core 0; ` +
      `load runs of ${SECONDS} s, ours and the baseline alternating, the better of ${ROUNDS} runs each. ` +
      `Data set: ${SHAPE.projects.toLocaleString('en-US')} projects, ${SHAPE.files.toLocaleString('en-US')} files (one project with 2,000), SQLite unless noted.`,
    '',
    '| metric | ours | baseline | ratio | target | result |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const row of rows) {
    const value = v =>
      v === undefined ? '—' : `${fmt(v, row.digits)} ${row.unit}`;
    lines.push(
      `| ${row.metric} | ${value(row.ours)}${row.note ? ` ${row.note}` : ''} | ${value(row.baseline)} | ${row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`} | ${row.target} | ${verdict(row.pass)} |`,
    );
  }
  lines.push(
    '',
    'Baseline: nginx serving the same bytes as static files (index pages, files, PEP 658 metadata; WebDAV PUT for the upload) unless the metric names another.',
    '',
    ...details,
    '',
  );
  return lines.join('\n');
}

/** Puts the table of a full run between the README's bench markers, so that the README shows the last run. */
function updateReadme(markdown) {
  const file = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin -->\n';
  const end = '\n<!-- bench:end -->';
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    log('README.md has no bench markers: table not copied');
    return;
  }
  fs.writeFileSync(
    file,
    `${readme.slice(0, from + begin.length)}${markdown}${readme.slice(to)}`,
  );
}

let exitCode = 0;
const interrupted = () => {
  log('interrupted: cleaning up');
  exitCode = 130;
  cleanup().finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

async function cleanup() {
  while (cleanups.length) {
    const step = cleanups.pop();
    await step().catch(error => log(`cleanup: ${error.message}`));
  }
  if (process.env.BENCH_KEEP !== '1')
    fs.rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}

try {
  const machine = await main();
  const output = table(machine);
  const header = `# Wheelhouse benchmark\n\n\`npm run bench\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - started) / 60_000).toFixed(1)} minutes.\n\n`;
  if (!ONLY) {
    fs.writeFileSync(path.join(ROOT, 'bench/results.md'), header + output);
    updateReadme(
      `Last run: ${header.split('\n')[2]}\n\n${output.slice(0, output.indexOf('\n\nBaseline:'))}\n\nBaseline: nginx serving the same bytes as static files unless the metric names another.`,
    );
  }
  process.stdout.write(`\n${output}\n`);
} catch (error) {
  exitCode = 1;
  log(`failed: ${String(error.stack ?? error).slice(0, 4000)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
