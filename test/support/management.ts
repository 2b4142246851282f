/** A thin client for the Wheelhouse management API (/api/v1), authenticated with HTTP Basic __token__:<token>. */

export interface ApiResponse {
  method: string;
  url: string;
  status: number;
  body: string;
}

export class ManagementClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly repository = 'default',
  ) {}

  async request(
    method: string,
    apiPath: string,
    body?: unknown,
  ): Promise<ApiResponse> {
    const url = `${this.baseUrl}/api/v1${apiPath}`;
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`__token__:${this.token}`).toString('base64')}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      method,
      url,
      status: response.status,
      body: await response.text(),
    };
  }

  private versionPath(name: string, version: string): string {
    return `/repositories/${encodeURIComponent(this.repository)}/packages/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
  }

  disableVersion(
    name: string,
    version: string,
    reason: string,
  ): Promise<ApiResponse> {
    return this.request('POST', `${this.versionPath(name, version)}/disable`, {
      reason,
    });
  }

  enableVersion(name: string, version: string): Promise<ApiResponse> {
    return this.request(
      'POST',
      `${this.versionPath(name, version)}/enable`,
      {},
    );
  }

  deleteVersion(name: string, version: string): Promise<ApiResponse> {
    return this.request('DELETE', this.versionPath(name, version));
  }

  restoreVersion(name: string, version: string): Promise<ApiResponse> {
    return this.request(
      'POST',
      `/repositories/${encodeURIComponent(this.repository)}/recycle-bin/${encodeURIComponent(name)}/${encodeURIComponent(version)}/restore`,
      {},
    );
  }
}

/** Throws a readable error (request, status, body) unless the response has the expected status. */
export function expectStatus(
  response: ApiResponse,
  expected = 200,
): ApiResponse {
  if (response.status !== expected) {
    throw new Error(
      `${response.method} ${response.url} returned ${response.status}, expected ${expected}\n--- body ---\n${response.body}`,
    );
  }
  return response;
}
