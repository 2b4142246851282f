import { Request, Response, Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { InputError, NotFoundError } from '../../errors';
import { isSafeFilename } from '../../pep';
import { FileRecord } from '../../store/types';
import { handle, RequestContext } from '../RequestContext';
import { sendProxiedFile } from './proxyFiles';

const SHA256 = /^[0-9a-f]{64}$/;
const METADATA_SUFFIX = '.metadata';

/**
 * Distribution files at content-addressed URLs (`/{repo}/files/{sha256}/{filename}`) and their PEP 658
 * metadata at `{filename}.metadata`. The bytes under a URL never change, so they are cacheable for a year;
 * disabled versions answer 403 with the reason, deleted ones 404.
 */
export function fileRoutes(context: RequestContext): Router {
  const router = Router({ strict: true });
  const serve = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    await context.authorize(request, 'package.read', repository);
    const { sha256, filename } = request.params;
    if (!SHA256.test(sha256)) throw new InputError('Invalid file address');
    if (!isSafeFilename(filename)) throw new NotFoundError('File not found');
    const downloads = context.registry.downloads;
    const cacheControl = `${context.isPublic(repository) ? 'public' : 'private'}, max-age=31536000, immutable`;
    const record = context.registry.repository(repository);
    if (record?.kind === 'proxy' || record?.kind === 'virtual') {
      const metadata = filename.endsWith(METADATA_SUFFIX);
      await send(request, response, () =>
        sendProxiedFile(context, request, response, {
          repository: record,
          sha256,
          filename: metadata
            ? filename.slice(0, -METADATA_SUFFIX.length)
            : filename,
          metadata,
          cacheControl,
          sendStored: file =>
            sendStoredFile(context, request, response, file, cacheControl),
        }),
      );
      return;
    }

    if (filename.endsWith(METADATA_SUFFIX)) {
      const file = await downloads.locate(
        repository,
        sha256,
        filename.slice(0, -METADATA_SUFFIX.length),
      );
      const metadata = await downloads.openMetadata(file);
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.setHeader('Content-Length', metadata.size);
      response.setHeader('ETag', `"${file.metadataSha256}"`);
      response.setHeader('Cache-Control', cacheControl);
      await stream(request, response, metadata.stream);
      return;
    }

    const file = await downloads.locate(repository, sha256, filename);
    await sendStoredFile(context, request, response, file, cacheControl);
  });
  router.get('/:repo/files/:sha256/:filename', serve);
  return router;
}

/** A stored file with its ETag, ranges and conditional requests, as every repository serves it. */
async function sendStoredFile(
  context: RequestContext,
  request: Request,
  response: Response,
  file: FileRecord,
  cacheControl: string,
): Promise<void> {
  const downloads = context.registry.downloads;
  const etag = `"${file.sha256}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Content-Type', 'application/octet-stream');
  response.setHeader('Last-Modified', new Date(file.uploadedAt).toUTCString());
  if (
    request.headers['if-none-match']
      ?.split(',')
      .some(tag => tag.trim().replace(/^W\//, '') === etag)
  ) {
    response.status(304).end();
    return;
  }
  const range = requestedRange(request, file, etag);
  if (range === 'unsatisfiable') {
    response.setHeader('Content-Range', `bytes */${file.size}`);
    response.status(416).end();
    return;
  }
  if (range) {
    response.status(206);
    response.setHeader(
      'Content-Range',
      `bytes ${range.start}-${range.end}/${file.size}`,
    );
    response.setHeader('Content-Length', range.end - range.start + 1);
  } else {
    response.status(200);
    response.setHeader('Content-Length', file.size);
  }
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await send(request, response, () => downloads.send(file, response, range));
}

/** A single satisfiable byte range, honoured only when If-Range (if sent) still matches; else the whole file. */
function requestedRange(request: Request, file: FileRecord, etag: string) {
  if (!request.headers.range) return undefined;
  const ifRange = request.headers['if-range'];
  if (ifRange && String(ifRange).trim() !== etag) return undefined;
  const ranges = request.range(file.size, { combine: true });
  if (ranges === -1) return 'unsatisfiable' as const;
  if (
    ranges === -2 ||
    ranges === undefined ||
    ranges.type !== 'bytes' ||
    ranges.length !== 1
  )
    return undefined;
  return { start: ranges[0].start, end: ranges[0].end };
}

async function stream(
  request: Request,
  response: Response,
  source: Readable,
): Promise<void> {
  await send(request, response, () => pipeline(source, response));
}

async function send(
  request: Request,
  response: Response,
  sending: () => Promise<void>,
): Promise<void> {
  try {
    await sending();
  } catch (error) {
    // A client that goes away mid-download is not an error of ours.
    if (!request.destroyed && !response.destroyed) throw error;
  }
}
