/** An HTTP answer outside 2xx, carrying the server's own explanation. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** The server's message: the JSON error message, the text body, or the reason phrase. */
    readonly serverMessage: string,
    readonly method: string,
    readonly url: string,
    /** How long the server asked us to wait (`Retry-After`), for 429 and 503 answers. */
    readonly retryAfterMs?: number,
  ) {
    super(`${method} ${url} failed: ${status} ${serverMessage}`);
    this.name = 'HttpError';
  }
}

/** Socket-level failures worth another try: the server restarted, a proxy dropped us, DNS hiccuped. */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_REQUEST_TIMEOUT',
]);

/** 5xx and 429 (too many requests) answers and network errors are retried; other 4xx answers (our fault) never are. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError)
    return error.status >= 500 || error.status === 429;
  const code =
    typeof error === 'object' && error !== null
      ? (error as NodeJS.ErrnoException).code
      : undefined;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/** The message a user should see: the server's own words when there are any. */
export function describeError(error: unknown): string {
  if (error instanceof HttpError)
    return `${error.status} ${error.serverMessage}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}
