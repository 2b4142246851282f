import { Request, Response, Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { InputError, NotFoundError } from '../../errors';
import { isSafeFilename } from '../../pep';
import { sendDistributionFile } from '../files/sendDistributionFile';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';
import { sendProxiedFile } from './proxyFiles';

const SHA256 = /^[0-9a-f]{64}$/;
const METADATA_SUFFIX = '.metadata';

/**
 * Distribution files at content-addressed URLs (`/{repo}/files/{sha256}/{filename}`) and their PEP 658
 * metadata at `{filename}.metadata`. The bytes under a URL never change, so they are cacheable for a year;
 * disabled versions answer 403 with the reason, deleted ones 404.
 */
export function fileRoutes(services: RouteServices): Router {
  const router = Router({ strict: true });
  const serve = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    await services.authorize(request, 'package.read', repository);
    const { sha256, filename } = request.params;
    if (!SHA256.test(sha256)) throw new InputError('Invalid file address');
    if (!isSafeFilename(filename)) throw new NotFoundError('File not found');
    const { fileDelivery } = services.registry;
    const cacheControl = `${services.isPublic(repository) ? 'public' : 'private'}, max-age=31536000, immutable`;
    const record = services.registry.repository(repository);
    if (record?.kind === 'proxy' || record?.kind === 'virtual') {
      const metadata = filename.endsWith(METADATA_SUFFIX);
      const distribution = metadata
        ? filename.slice(0, -METADATA_SUFFIX.length)
        : filename;
      await sendProxiedFile(services, request, response, {
        repository: record,
        sha256,
        filename: distribution,
        metadata,
        cacheControl,
        // A member's stored file, as that member serves it.
        sendStored: member =>
          sendDistributionFile(services, request, response, {
            repository: member,
            sha256,
            filename: distribution,
          }),
      });
      return;
    }

    if (filename.endsWith(METADATA_SUFFIX)) {
      const file = await fileDelivery.locate(
        repository,
        sha256,
        filename.slice(0, -METADATA_SUFFIX.length),
      );
      const metadata = await fileDelivery.openMetadata(file);
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.setHeader('Content-Length', metadata.size);
      response.setHeader('ETag', `"${file.metadataSha256}"`);
      response.setHeader('Cache-Control', cacheControl);
      await stream(request, response, metadata.stream);
      return;
    }

    await sendDistributionFile(services, request, response, {
      repository,
      sha256,
      filename,
    });
  });
  router.get('/:repo/files/:sha256/:filename', serve);
  return router;
}

async function stream(
  request: Request,
  response: Response,
  source: Readable,
): Promise<void> {
  try {
    await pipeline(source, response);
  } catch (error) {
    // A client that goes away mid-download is not an error of ours.
    if (!request.destroyed && !response.destroyed) throw error;
  }
}
