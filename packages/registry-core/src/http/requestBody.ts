import { IncomingMessage, ServerResponse } from 'node:http';
import express, { Request } from 'express';
import { InputError, RequestTimeoutError } from '../errors';

export interface BodyOptions {
  maxBytes: number;
  /** The body must have arrived within this. */
  timeoutMs: number;
}

/** A JSON object body; an empty one (or none, or another content type) reads as `{}`. */
export type JsonBody = Record<string, unknown>;

/**
 * Reads a JSON body, chunked or not, up to maxBytes (413 beyond) and within timeoutMs (408). Call it only once the
 * request is authorized (RouteServices.authorizeWithBody): nothing is read from a stranger.
 */
export async function readJsonBody(
  request: Request,
  options: BodyOptions,
): Promise<JsonBody> {
  await withDeadline(
    request,
    options.timeoutMs,
    express.json({ limit: options.maxBytes }),
  );
  const body: unknown = request.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InputError('The request body must be a JSON object');
  return body as JsonBody;
}

/** Reads the whole body as text (any content type), with the same limits. */
export async function readTextBody(
  request: Request,
  options: BodyOptions,
): Promise<string> {
  await withDeadline(
    request,
    options.timeoutMs,
    express.text({ type: () => true, limit: options.maxBytes }),
  );
  return typeof request.body === 'string' ? request.body : '';
}

function withDeadline(
  request: Request,
  timeoutMs: number,
  parser: express.RequestHandler,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // No more of this connection: its client is too slow to be waited for.
      request.res?.setHeader('Connection', 'close');
      reject(
        new RequestTimeoutError(
          `The request body did not arrive within ${Math.round(timeoutMs / 1000)} s`,
        ),
      );
    }, timeoutMs);
    parser(request, request.res!, error => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    });
  });
}

const WATCHED = Symbol('wheelhouse.unreadBodyDeadline');

/**
 * A request answered before its body arrived (refused before reading, or a route that needs none) gets timeoutMs to
 * finish sending it, then its connection is closed: otherwise a client sending a byte now and then would hold the
 * socket until the request timeout, which must be long for uploads. Node reads and drops the rest meanwhile, so that
 * a client that does send its body whole still reads the answer and may keep the connection. Idempotent.
 */
export function closeUnfinishedBodies(
  request: IncomingMessage,
  response: ServerResponse,
  timeoutMs: number,
): void {
  const watched = request as IncomingMessage & { [WATCHED]?: true };
  if (watched[WATCHED] || !declaresBody(request)) return;
  watched[WATCHED] = true;
  response.once('finish', () => {
    if (request.complete) return;
    const timer = setTimeout(() => request.socket?.destroy(), timeoutMs);
    const done = () => clearTimeout(timer);
    request.once('end', done);
    request.once('close', done);
  });
}

/** Whether the request says a body follows (RFC 9112 §6.3: a request has one only with Content-Length or Transfer-Encoding). */
function declaresBody(request: IncomingMessage): boolean {
  const { headers } = request;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
