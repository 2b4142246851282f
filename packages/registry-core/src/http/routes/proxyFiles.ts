import { Request, Response } from 'express';
import { InputError, NotFoundError } from '../../errors';
import { RepositoryRecord } from '../../store/types';
import { RouteServices } from '../RouteServices';

/**
 * A file or `.metadata` of a proxy or virtual repository: from the store when a member has it (served by
 * `sendStored`, as a hosted file), else fetched from the proxy's upstream on this request, streamed as it comes.
 */
export async function sendProxiedFile(
  services: RouteServices,
  request: Request,
  response: Response,
  options: {
    repository: RepositoryRecord;
    sha256: string;
    filename: string;
    metadata: boolean;
    cacheControl: string;
    /** Sends the stored file of a member repository (the proxy itself, or a virtual repository's member). */
    sendStored: (repository: string) => Promise<void>;
  },
): Promise<void> {
  const { views, proxy, fileDelivery } = services.registry;
  const { repository, sha256, filename, cacheControl } = options;
  const resolve = async () => {
    if (repository.kind === 'virtual')
      return views.resolveVirtualFile(repository, sha256, filename);
    const located = await proxy.locate(repository, sha256, filename);
    return located.stored
      ? ({ kind: 'stored', repository, file: located.stored } as const)
      : ({ kind: 'upstream', repository, located } as const);
  };
  const resolved = await resolve();

  if (options.metadata) {
    if (resolved.kind === 'stored' && resolved.file.metadataSha256) {
      const metadata = await fileDelivery.openMetadata(resolved.file);
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.setHeader('Content-Length', metadata.size);
      response.setHeader('ETag', `"${resolved.file.metadataSha256}"`);
      response.setHeader('Cache-Control', cacheControl);
      metadata.stream.pipe(response);
      return;
    }
    if (resolved.repository.kind !== 'proxy')
      throw new NotFoundError('No metadata for this file');
    const metadata = await proxy.fetchMetadata(
      resolved.repository,
      sha256,
      filename,
    );
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    // The hash the upstream's page gives and the bytes were checked against, as for a stored file's metadata.
    response.setHeader('ETag', `"${metadata.sha256}"`);
    response.setHeader('Cache-Control', cacheControl);
    response.status(200).end(metadata.body);
    return;
  }

  if (resolved.kind === 'stored') {
    await options.sendStored(resolved.repository.name);
    return;
  }
  const { located } = resolved;
  if (!located.upstream || !located.project)
    throw new InputError('File not found');
  response.setHeader('ETag', `"${located.upstream.sha256}"`);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Content-Type', 'application/octet-stream');
  if (request.method === 'HEAD') {
    if (located.upstream.size !== undefined)
      response.setHeader('Content-Length', located.upstream.size);
    response.status(200).end();
    return;
  }
  response.status(200);
  const outcome = await proxy.fetchInto(
    resolved.repository,
    { upstream: located.upstream, project: located.project },
    response,
  );
  if (outcome === 'joined') {
    // Another request fetched it meanwhile: now it is stored.
    const again = await proxy.locate(resolved.repository, sha256, filename);
    if (!again.stored) throw new NotFoundError('File not found');
    await options.sendStored(resolved.repository.name);
  }
}
