import { RequestHandler } from 'express';
import { hasControlCharacters } from '@wheelhouse/backstage-plugin-pypi-common';
import { InputError } from '../errors';

/**
 * Before any route: no path segment or query value may hold a control character (NUL among them, which PostgreSQL
 * refuses in text and would answer with an error), and every path escape must be UTF-8. Names, versions, keys, tags,
 * ids and filenames never contain one, so this refuses nothing a route could use, with a 400 that says why.
 */
export const rejectControlCharacters: RequestHandler = (
  request,
  _response,
  next,
) => {
  for (const segment of request.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      next(new InputError('The path is not valid percent-encoded UTF-8'));
      return;
    }
    if (hasControlCharacters(decoded)) {
      next(new InputError('The path must not contain control characters'));
      return;
    }
  }
  const bad = Object.entries(request.query).find(([key, value]) =>
    containsControl([key, value]),
  );
  if (bad) {
    next(
      new InputError(
        `Query parameter ${JSON.stringify(bad[0].replace(/[^\x20-\x7e]/g, '?'))} must not contain control characters`,
      ),
    );
    return;
  }
  next();
};

function containsControl(value: unknown): boolean {
  if (typeof value === 'string') return hasControlCharacters(value);
  if (Array.isArray(value)) return value.some(containsControl);
  if (value && typeof value === 'object')
    return Object.entries(value).some(containsControl);
  return false;
}
