import { RegistryError } from '../errors';

/**
 * Warehouse's error codes for the token exchange, so that uv and pypa/gh-action-pypi-publish print them as they do
 * for PyPI: `invalid-payload`, `invalid-token`, `invalid-publisher`, `invalid-pending-publisher`, and
 * `issuer-unavailable` (503) when the issuer's keys cannot be fetched.
 */
export type MintErrorCode =
  | 'invalid-payload'
  | 'invalid-token'
  | 'invalid-publisher'
  | 'invalid-pending-publisher'
  | 'issuer-unavailable';

/** A refused exchange: the code and a description a person can act on. */
export class MintError extends RegistryError {
  constructor(
    readonly code: MintErrorCode,
    readonly description: string,
  ) {
    super(code === 'issuer-unavailable' ? 503 : 422, description);
  }
}
