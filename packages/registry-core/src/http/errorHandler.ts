import { ErrorRequestHandler } from 'express';
import { RegistryError, ServiceUnavailableError } from '../errors';
import { outageError } from './outageErrors';

/** Reason phrases must be plain visible ASCII on one line, or Node refuses to send them. */
export function toReasonPhrase(message: string): string {
  return (
    message
      .replace(/[^\x20-\x7e]+/g, ' ')
      .slice(0, 300)
      .trim() || 'Error'
  );
}

/**
 * Maps typed errors to their status, with the message in the body and the reason phrase (twine and pip print only
 * the latter). Anything untyped is a 500 with no details leaked; body-parser errors keep their 4xx.
 */
export function createErrorHandler(
  options: { log?: (error: unknown) => void } = {},
): ErrorRequestHandler {
  return (raised, request, response, next) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    let status = 500;
    let message = 'Internal server error';
    let name = 'Error';
    let details: Record<string, unknown> | undefined;
    const outage =
      raised instanceof RegistryError ? undefined : outageError(raised);
    if (outage) options.log?.(raised);
    const error = outage ?? raised;
    if (error instanceof RegistryError) {
      details = error.details;
      status = error.status;
      message = error.message;
      name = error.name;
    } else if (
      typeof error?.status === 'number' &&
      error.status >= 400 &&
      error.status < 500
    ) {
      status = error.status;
      message =
        error.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : String(error.message);
      name = 'InputError';
    } else {
      options.log?.(error);
    }
    if (status === 401)
      response.setHeader(
        'WWW-Authenticate',
        'Basic realm="Wheelhouse", charset="UTF-8"',
      );
    if (error instanceof ServiceUnavailableError)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.statusMessage = toReasonPhrase(message);
    response.status(status);
    if (request.path.startsWith('/api/')) {
      response.json({
        error: { name, message, ...details },
        request: { method: request.method, url: request.originalUrl },
        response: { statusCode: status },
      });
    } else {
      response.type('text/plain').send(`${status} ${message}\n`);
    }
    void next;
  };
}
