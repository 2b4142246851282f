/**
 * A PEP 691 upstream index on loopback for proxy repository tests: one project's page (with an ETag, revalidated with
 * If-None-Match), its wheels and, if asked, their PEP 658 `.metadata` files. It counts what it is asked, and a test
 * changes what it answers while it runs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  distributionMetadata,
  DistributionSpec,
  makeWheel,
} from './distributions';

export const SIMPLE_JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

export interface UpstreamWheel {
  version: string;
  filename: string;
  bytes: Buffer;
  sha256: string;
  /** The wheel's METADATA, served at `{file}.metadata` when the index offers core metadata. */
  metadata: Buffer;
  metadataSha256: string;
}

export interface UpstreamIndexOptions {
  /** Where the wheels are built (one directory per version). */
  directory: string;
  /** PEP 503 normalised; the page's `name` is `displayName`. */
  project?: string;
  displayName?: string;
  releases: (Pick<DistributionSpec, 'version' | 'summary'> & {
    /** The upstream's PEP 592 yank reason. */
    yanked?: string;
  })[];
  requiresPython?: string;
  /** The page's Cache-Control max-age. */
  maxAgeSeconds: number;
  /** List `core-metadata` and serve `.metadata` files (PEP 658 / 714). */
  coreMetadata?: boolean;
}

export interface UpstreamIndex {
  /** The simple index URL, ending in /simple/. */
  url: string;
  wheels: UpstreamWheel[];
  /** What it answers now: `corrupt` flips a byte of files and metadata, `hang` never answers. */
  mode: 'ok' | 'error' | 'corrupt' | 'hang';
  /** Requests since start; `revalidations` are the page requests answered 304. */
  counts: {
    pages: number;
    revalidations: number;
    files: number;
    metadata: number;
  };
  /** Holds file answers back until it settles (to make requests concurrent). */
  gate?: Promise<void>;
  stop(): Promise<void>;
}

const ETAG = '"v1"';

export async function startUpstreamIndex(
  options: UpstreamIndexOptions,
): Promise<UpstreamIndex> {
  const project = options.project ?? 'public-pkg';
  const wheels: UpstreamWheel[] = options.releases.map(release => {
    const spec = {
      name: project,
      version: release.version,
      summary: release.summary,
      requiresPython: options.requiresPython,
    };
    const file = makeWheel(path.join(options.directory, release.version), spec);
    const bytes = fs.readFileSync(file);
    const metadata = Buffer.from(distributionMetadata(spec));
    return {
      version: release.version,
      filename: path.basename(file),
      bytes,
      sha256: sha256Of(bytes),
      metadata,
      metadataSha256: sha256Of(metadata),
    };
  });
  const page = JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: options.displayName ?? project,
    versions: wheels.map(wheel => wheel.version),
    files: wheels.map((wheel, index) => ({
      filename: wheel.filename,
      url: `../../files/${wheel.filename}`,
      hashes: { sha256: wheel.sha256 },
      'requires-python': options.requiresPython,
      yanked: options.releases[index].yanked ?? false,
      size: wheel.bytes.length,
      'upload-time': '2026-01-01T00:00:00Z',
      ...(options.coreMetadata
        ? { 'core-metadata': { sha256: wheel.metadataSha256 } }
        : {}),
    })),
  });
  const index: Omit<UpstreamIndex, 'url' | 'stop'> = {
    wheels,
    mode: 'ok',
    counts: { pages: 0, revalidations: 0, files: 0, metadata: 0 },
  };
  const send = (response: http.ServerResponse, original: Buffer) => {
    const bytes = Buffer.from(original);
    if (index.mode === 'corrupt') bytes[bytes.length >> 1] ^= 0xff;
    response.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  };
  const server = http.createServer(async (request, response) => {
    if (index.mode === 'hang') return;
    if (index.mode === 'error') {
      response.writeHead(503).end('down');
      return;
    }
    if (request.url === `/simple/${project}/`) {
      index.counts.pages++;
      if (request.headers['if-none-match'] === ETAG) {
        index.counts.revalidations++;
        response.writeHead(304, { etag: ETAG }).end();
        return;
      }
      response
        .writeHead(200, {
          'content-type': SIMPLE_JSON_TYPE,
          etag: ETAG,
          'cache-control': `max-age=${options.maxAgeSeconds}`,
        })
        .end(page);
      return;
    }
    for (const wheel of wheels) {
      if (request.url === `/files/${wheel.filename}`) {
        index.counts.files++;
        await index.gate;
        send(response, wheel.bytes);
        return;
      }
      if (
        options.coreMetadata &&
        request.url === `/files/${wheel.filename}.metadata`
      ) {
        index.counts.metadata++;
        send(response, wheel.metadata);
        return;
      }
    }
    response.writeHead(404).end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(index, {
    url: `http://127.0.0.1:${port}/simple/`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
