import { Request, Response, Router } from 'express';
import { readUploadForm } from '../../upload/readUploadForm';
import { handle, RequestContext } from '../RequestContext';

/**
 * The legacy upload API that twine, uv and poetry speak: `POST /{repo}/` (or `/{repo}/legacy/`) with a multipart
 * form. Credentials are checked before a byte of the body is read. Never redirected: clients would resend the body.
 */
export function uploadRoutes(context: RequestContext): Router {
  const router = Router({ strict: true });
  const upload = handle(async (request: Request, response: Response) => {
    const repository = request.params.repo;
    const principal = await context.authorize(
      request,
      'package.publish',
      repository,
    );
    const form = await readUploadForm(request, {
      stagingDirectory: context.registry.options.stagingDirectory,
      maxBytes: context.registry.options.maxUploadBytes,
    });
    const result = await context.registry.uploads.upload({
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
