import { IncomingMessage, ServerResponse } from 'node:http';
import parseRange from 'range-parser';
import { ByteRange } from '../../blob/BlobStore';
import { NotFoundError } from '../../errors';
import { FileChangedError } from '../../service/FileDelivery';
import { IndexedFile } from '../../service/FileIndex';
import { FileRecord } from '../../store/types';
import { RouteServices } from '../RouteServices';

/** Which distribution file: its content-addressed URL's parts (filename decoded, without `.metadata`). */
export interface DistributionFileRequest {
  repository: string;
  sha256: string;
  filename: string;
}

/** Files never change under their content address: caches may keep them for a year. */
const PUBLIC_CACHE_CONTROL = 'public, max-age=31536000, immutable';
const PRIVATE_CACHE_CONTROL = 'private, max-age=31536000, immutable';

// A file's Last-Modified, formatted once per record: the file index hands out the same record for every download.
const httpDates = new WeakMap<FileRecord, string>();
function httpDateOf(file: FileRecord): string {
  let date = httpDates.get(file);
  if (date === undefined) {
    date = new Date(file.uploadedAt).toUTCString();
    httpDates.set(file, date);
  }
  return date;
}

/** The headers a file response sets, removed again when a download has to start over. */
const FILE_HEADERS = [
  'ETag',
  'Cache-Control',
  'Accept-Ranges',
  'Content-Type',
  'Last-Modified',
  'Content-Range',
  'Content-Length',
];

/**
 * Finds the file in the file index and sends it (a 304, a 206 for one satisfiable range, a 416, or the
 * whole file). Written against Node's own request and response, so that the express route and the hot paths that
 * skip express share it. The caller has authorized the read. Throws typed errors (403 for a disabled version, 404) before anything is written; a
 * failure after the first byte destroys the response.
 */
export async function sendDistributionFile(
  services: RouteServices,
  request: IncomingMessage,
  response: ServerResponse,
  { repository, sha256, filename }: DistributionFileRequest,
): Promise<void> {
  const { fileDelivery } = services.registry;
  const cacheControl = services.isPublic(repository)
    ? PUBLIC_CACHE_CONTROL
    : PRIVATE_CACHE_CONTROL;
  for (let attempt = 0; ; attempt++) {
    const entry = await fileDelivery.locateEntry(repository, sha256, filename);
    try {
      await send(services, request, response, entry, cacheControl);
      return;
    } catch (error) {
      if (!(error instanceof FileChangedError) || response.headersSent)
        throw error;
      // The project changed between the lookup and the first byte: answer with what the index says now.
      for (const name of FILE_HEADERS) response.removeHeader(name);
      response.statusCode = 200;
      if (attempt > 0) throw new NotFoundError('File not found');
    }
  }
}

async function send(
  services: RouteServices,
  request: IncomingMessage,
  response: ServerResponse,
  entry: IndexedFile,
  cacheControl: string,
): Promise<void> {
  const { file } = entry;
  const etag = `"${file.sha256}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Content-Type', 'application/octet-stream');
  response.setHeader('Last-Modified', httpDateOf(file));
  if (
    request.headers['if-none-match']
      ?.split(',')
      .some(tag => tag.trim().replace(/^W\//, '') === etag)
  ) {
    if (!entry.live) throw new FileChangedError();
    response.statusCode = 304;
    response.end();
    return;
  }
  const range = requestedRange(request, file, etag);
  if (range === 'unsatisfiable') {
    if (!entry.live) throw new FileChangedError();
    response.setHeader('Content-Range', `bytes */${file.size}`);
    response.statusCode = 416;
    response.end();
    return;
  }
  if (range) {
    response.statusCode = 206;
    response.setHeader(
      'Content-Range',
      `bytes ${range.start}-${range.end}/${file.size}`,
    );
    response.setHeader('Content-Length', range.end - range.start + 1);
  } else {
    response.statusCode = 200;
    response.setHeader('Content-Length', file.size);
  }
  if (request.method === 'HEAD') {
    if (!entry.live) throw new FileChangedError();
    response.end();
    return;
  }
  try {
    await services.registry.fileDelivery.send(file, response, { range, entry });
  } catch (error) {
    // A client that goes away mid-download is not an error of ours.
    if (error instanceof FileChangedError) throw error;
    if (!request.destroyed && !response.destroyed) throw error;
  }
}

/** A single satisfiable byte range, honoured only when If-Range (if sent) still matches; else the whole file. */
function requestedRange(
  request: IncomingMessage,
  file: FileRecord,
  etag: string,
): ByteRange | 'unsatisfiable' | undefined {
  const header = request.headers.range;
  if (!header) return undefined;
  const ifRange = request.headers['if-range'];
  if (ifRange && String(ifRange).trim() !== etag) return undefined;
  const ranges = parseRange(file.size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1)
    return undefined;
  return { start: ranges[0].start, end: ranges[0].end };
}
