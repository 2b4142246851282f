/** A failed call to the registry's API, with its HTTP status and the registry's error name and message. */
export class PypiApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorName?: string,
  ) {
    super(message);
    this.name = 'PypiApiError';
  }

  /** Reads `{"error": {"name", "message"}}` from a failed response, falling back to the status line. */
  static async fromResponse(response: Response): Promise<PypiApiError> {
    let message =
      response.statusText || `Request failed with status ${response.status}`;
    let errorName: string | undefined;
    try {
      const body = (await response.json()) as {
        error?: { name?: unknown; message?: unknown };
      };
      if (body?.error && typeof body.error.message === 'string')
        message = body.error.message;
      if (body?.error && typeof body.error.name === 'string')
        errorName = body.error.name;
    } catch {
      // Not JSON: keep the status line.
    }
    return new PypiApiError(message, response.status, errorName);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}
