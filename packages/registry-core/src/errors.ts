/**
 * Typed errors thrown by the service layer. The HTTP layer maps them to a status code and puts the message in
 * both the body and the reason phrase, because twine and pip only show the reason phrase to the user.
 */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Added to the JSON error body (e.g. a version's current state with a 409). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed or fails validation. */
export class InputError extends RegistryError {
  constructor(message: string) {
    super(400, message);
  }
}

/** 401: credentials are missing or wrong; answered with `WWW-Authenticate: Basic` so pip re-prompts. */
export class AuthenticationError extends RegistryError {
  constructor(message = 'Authentication required') {
    super(401, message);
  }
}

/** 403: valid credentials that lack the right, or a disabled file. */
export class NotAllowedError extends RegistryError {
  constructor(message: string) {
    super(403, message);
  }
}

/** 404 */
export class NotFoundError extends RegistryError {
  constructor(message: string) {
    super(404, message);
  }
}

/** 409: the request conflicts with what is stored (different bytes under an existing filename, ...). */
export class ConflictError extends RegistryError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, message, details);
  }
}

/** 413: the upload is larger than the configured limit. */
export class PayloadTooLargeError extends RegistryError {
  constructor(message: string) {
    super(413, message);
  }
}

/** 406: no representation the client accepts. */
export class NotAcceptableError extends RegistryError {
  constructor(message: string) {
    super(406, message);
  }
}

/** 408: the client did not send its request (body) in time. */
export class RequestTimeoutError extends RegistryError {
  constructor(message: string) {
    super(408, message);
  }
}

/** 503: a dependency (the database, the storage) cannot be reached now; `Retry-After` says when to try again. */
export class ServiceUnavailableError extends RegistryError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(503, message);
  }
}

/** 507: the disk (or the database) is full; twine prints the reason phrase. */
export class InsufficientStorageError extends RegistryError {
  constructor(message: string) {
    super(507, message);
  }
}

/** 502: an upstream index (of a proxy repository) failed or answered something unusable. */
export class BadGatewayError extends RegistryError {
  constructor(message: string) {
    super(502, message);
  }
}

/** 504: an upstream index did not answer in time. */
export class GatewayTimeoutError extends RegistryError {
  constructor(message: string) {
    super(504, message);
  }
}
