import express, {
  ErrorRequestHandler,
  Request,
  Response,
  Router,
} from 'express';
import { OIDC_BODY_MAX_BYTES } from '../../limits';
import { MintError } from '../../oidc/errors';
import { toReasonPhrase } from '../errorHandler';
import { readTextBody } from '../requestBody';
import { RouteServices } from '../RouteServices';

/**
 * The trusted-publishing exchange as Warehouse defines it, which uv and pypa/gh-action-pypi-publish speak:
 * `GET /_/oidc/audience` and `POST /_/oidc/mint-token` (also `/_/oidc/github/mint-token`, the older path). No
 * registry credentials: the OIDC token in the body is the credential. Errors are
 * `{"message", "errors": [{"code", "description"}]}`, the description also in the reason phrase.
 */
export function oidcRoutes(services: RouteServices): Router {
  const router = Router({ strict: true });
  const trusted = () => services.registry.trustedPublishing;

  router.get('/_/oidc/audience', (_request, response) => {
    response.json({ audience: trusted().settings.audience });
  });

  const mint = async (request: Request, response: Response) => {
    try {
      // Any content type: the body is JSON whatever the client labels it (uv and requests send application/json).
      const text = await readTextBody(request, {
        maxBytes: OIDC_BODY_MAX_BYTES,
        timeoutMs: services.bodyTimeoutMs,
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new MintError(
          'invalid-payload',
          'The body is not JSON: expected {"token": "<OIDC token>"}',
        );
      }
      const result = await trusted().mint.mint(parsed);
      response.setHeader('Cache-Control', 'no-store');
      response.json({
        success: true,
        token: result.token,
        expires: result.expiresAt,
        projects: result.grants.map(g => ({
          repository: g.repository,
          project: g.project,
        })),
      });
    } catch (error) {
      if (!(error instanceof MintError)) throw error;
      sendMintError(response, error);
    }
  };
  const wrapped = (
    request: Request,
    response: Response,
    next: express.NextFunction,
  ) => mint(request, response).catch(next);
  // Payloads too large, unreadable or too slow come from the body reader: the same error shape.
  const bodyErrors: ErrorRequestHandler = (error, _request, response, next) => {
    if (typeof error?.status !== 'number' || error.status >= 500) {
      next(error);
      return;
    }
    sendMintError(
      response,
      new MintError(
        'invalid-payload',
        `The body could not be read: ${error.message}`,
      ),
      error.status,
    );
  };
  for (const path of ['/_/oidc/mint-token', '/_/oidc/github/mint-token'])
    router.post(path, wrapped, bodyErrors);
  return router;
}

function sendMintError(
  response: Response,
  error: MintError,
  status = error.status,
) {
  response.statusMessage = toReasonPhrase(error.description);
  response.status(status).json({
    message: 'Token request failed',
    errors: [{ code: error.code, description: error.description }],
  });
}
