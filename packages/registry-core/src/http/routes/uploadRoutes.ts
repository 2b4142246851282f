import { Request, Response, Router } from 'express';
import { InputError } from '../../errors';
import { readUploadForm } from '../../upload/readUploadForm';
import { handle } from '../handle';
import { RouteServices } from '../RouteServices';

/**
 * The legacy upload API that twine, uv and poetry speak: `POST /{repo}/` (or `/{repo}/legacy/`) with a multipart
 * form. Credentials are checked before a byte of the body is read. Never redirected: clients would resend the body.
 */
export function uploadRoutes(services: RouteServices): Router {
  const router = Router({ strict: true });
  const upload = handle(async (request: Request, response: Response) => {
    const repository = await uploadTarget(services, request);
    const principal = await services.authorize(
      request,
      'package.publish',
      repository,
    );
    const form = await readUploadForm(request, {
      stagingDirectory: services.registry.options.stagingDirectory,
      maxBytes: services.registry.options.maxUploadBytes,
    });
    const result = await services.registry.uploads.upload({
      repository,
      principal,
      form,
    });
    const { file, version, project } = result.location;
    response.status(200).json({
      outcome: result.outcome,
      project: project.name,
      version: version.version,
      filename: file.filename,
      sha256: file.sha256,
      size: file.size,
    });
  });
  router.post('/:repo', upload);
  router.post('/:repo/', upload);
  router.post('/:repo/legacy/', upload);
  return router;
}

/**
 * Where an upload to `name` goes: a hosted repository itself; a virtual one's `uploadTo` member (authorized there: it
 * is where the file is written). A proxy, or a virtual repository without `uploadTo`, refuses with the reason, after
 * authorizing the caller for it (so that strangers learn nothing).
 */
async function uploadTarget(
  services: RouteServices,
  request: Request,
): Promise<string> {
  const name = request.params.repo;
  const repository = services.registry.repository(name);
  const refusable =
    repository?.kind === 'proxy' ||
    (repository?.kind === 'virtual' && !repository.uploadTo);
  if (refusable) await services.authorize(request, 'package.publish', name);
  if (repository?.kind === 'proxy')
    throw new InputError(
      `Repository ${name} is a proxy of ${repository.upstream?.url}: it takes no uploads; upload to a hosted repository`,
    );
  if (repository?.kind === 'virtual') {
    if (!repository.uploadTo)
      throw new InputError(
        `Repository ${name} is virtual and has no uploadTo setting: upload to one of its hosted members, or configure uploadTo`,
      );
    return repository.uploadTo;
  }
  return name;
}
