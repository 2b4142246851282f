/**
 * The engine's own limits and defaults (those every side shares are in @wheelhouse/backstage-plugin-pypi-common's
 * limits.ts): how long the standalone server waits for clients, and what it reads of a request at most.
 */

/** The standalone server's timeouts, in milliseconds (`server` in wheelhouse.json). */
export interface ServerTimeouts {
  /** A request's headers must arrive within this (slow-header clients). */
  headersTimeoutMs: number;
  /** A whole request, upload body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed (a stalled upload). */
  idleTimeoutMs: number;
  /**
   * A small body (JSON, a token exchange) must arrive within this; and a request answered before its body arrived
   * (refused, or one that needs no body) gets this long to finish sending it before its connection is closed.
   */
  bodyTimeoutMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 20_000,
  // 1 GiB (the default maxUploadBytes) at 1.2 MB/s.
  requestTimeoutMs: 15 * 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  bodyTimeoutMs: 10_000,
};

/** The trusted-publishing exchange's body: one OIDC token. */
export const OIDC_BODY_MAX_BYTES = 64 * 1024;

/** Multipart framing around the file and the fields: part headers and boundaries of up to UPLOAD_PARTS_MAX parts. */
export const UPLOAD_FRAMING_MAX_BYTES = 2 * 1024 * 1024;
export const UPLOAD_PARTS_MAX = 2500;
export const UPLOAD_FILES_MAX = 4;
export const UPLOAD_FIELD_NAME_MAX_BYTES = 200;

/** The largest value of the 32-bit integer columns (ids such as the audit trail's `before` cursor). */
export const DATABASE_INTEGER_MAX = 2 ** 31 - 1;
