import { Readable } from 'node:stream';
import { Agent, Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import { BadGatewayError, GatewayTimeoutError } from '../errors';
import { maxAge } from '../oidc/RemoteKeySet';
import { UpstreamSettings } from '../store/types';
import { parseHtmlPage, parseJsonPage } from './parseUpstreamPage';
import {
  allowedFileHosts,
  DEFAULT_UPSTREAM_TIMEOUT_SECONDS,
} from './repositoryKinds';
import {
  UpstreamAnswer,
  UpstreamDownload,
  UpstreamIndex,
} from './UpstreamIndex';

/** PEP 691: JSON preferred, HTML understood. */
const ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';
/** Larger project pages than any on PyPI are refused rather than held in memory. */
export const MAX_UPSTREAM_PAGE_BYTES = 64 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * An upstream index read with undici: its own connection pool (through HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY, when
 * set), the configured timeout on connecting, on the headers and between body chunks, and the credentials sent only
 * to the upstream's own origin (files on another host, like PyPI's, get none).
 */
export class UndiciUpstreamIndex implements UpstreamIndex {
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly origin: string;
  private readonly fileHosts: Set<string>;

  constructor(private readonly settings: UpstreamSettings) {
    this.timeoutMs =
      (settings.timeoutSeconds ?? DEFAULT_UPSTREAM_TIMEOUT_SECONDS) * 1000;
    this.origin = new URL(settings.url).origin;
    this.fileHosts = allowedFileHosts(settings);
    const env = process.env;
    const options = { connect: { timeout: this.timeoutMs } };
    // EnvHttpProxyAgent only with a proxy set, since undici warns that it is experimental.
    this.dispatcher =
      env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
        ? new EnvHttpProxyAgent(options)
        : new Agent(options);
  }

  projectUrl(project: string): string {
    return `${this.settings.url}${encodeURIComponent(project)}/`;
  }

  async fetchProject(
    project: string,
    options?: { etag?: string },
  ): Promise<UpstreamAnswer> {
    const url = this.projectUrl(project);
    const headers: Record<string, string> = { accept: ACCEPT };
    if (options?.etag) headers['if-none-match'] = options.etag;
    const response = await this.get(url, headers);
    const cacheControl = header(response.headers['cache-control']);
    const maxAgeMs = maxAge(cacheControl ?? null);
    const maxAgeSeconds = maxAgeMs === undefined ? undefined : maxAgeMs / 1000;
    if (response.statusCode === 304) {
      await response.body.dump();
      return { status: 'not-modified', maxAgeSeconds };
    }
    if (response.statusCode === 404) {
      await response.body.dump();
      return { status: 'not-found' };
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new BadGatewayError(
        `Upstream ${url} answered ${response.statusCode}`,
      );
    }
    const text = await this.readText(response, url);
    const type = header(response.headers['content-type']) ?? '';
    try {
      const page = type.includes('json')
        ? parseJsonPage(text, url, project)
        : parseHtmlPage(text, url, project);
      return {
        status: 'ok',
        page,
        etag: header(response.headers.etag),
        maxAgeSeconds,
      };
    } catch (error) {
      throw new BadGatewayError(
        `Upstream ${url} answered a page that cannot be read: ${(error as Error).message}`,
      );
    }
  }

  async download(url: string): Promise<UpstreamDownload> {
    let location = url;
    let response = await this.get(this.checkedFileUrl(location), {}, 0);
    // Redirects followed here, not by undici, so that each hop's host is checked before it is asked.
    for (
      let hop = 0;
      REDIRECTS.has(response.statusCode) && hop < MAX_REDIRECTS;
      hop++
    ) {
      const next = header(response.headers.location);
      await response.body.dump();
      if (!next)
        throw new BadGatewayError(
          `Upstream ${location} answered ${response.statusCode} without a Location`,
        );
      location = new URL(next, location).toString();
      response = await this.get(this.checkedFileUrl(location), {}, 0);
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new BadGatewayError(
        `Upstream ${url} answered ${response.statusCode}`,
      );
    }
    const length = Number(header(response.headers['content-length']));
    return {
      body: response.body as unknown as Readable,
      size: Number.isSafeInteger(length) ? length : undefined,
    };
  }

  /** The URL if its host is the upstream's or one of its file hosts; else a 502 naming the host. */
  private checkedFileUrl(url: string): string {
    const parsed = new URL(url);
    if (
      (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
      !this.fileHosts.has(parsed.host.toLowerCase())
    )
      throw new BadGatewayError(
        `Upstream file URL ${url} is not on the upstream's host or one of upstream.fileHosts (${[...this.fileHosts].join(', ')}): not fetched`,
      );
    return url;
  }

  private async get(
    url: string,
    headers: Record<string, string>,
    maxRedirections = 5,
  ) {
    const authorization = this.authorization(url);
    if (authorization) headers.authorization = authorization;
    try {
      return await request(url, {
        method: 'GET',
        headers: { 'user-agent': 'Wheelhouse proxy', ...headers },
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        maxRedirections,
      });
    } catch (error) {
      throw upstreamError(url, error);
    }
  }

  private async readText(
    response: Dispatcher.ResponseData,
    url: string,
  ): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_UPSTREAM_PAGE_BYTES) {
          response.body.destroy();
          throw new BadGatewayError(
            `Upstream ${url} answered a page larger than ${MAX_UPSTREAM_PAGE_BYTES} bytes`,
          );
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw upstreamError(url, error);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private authorization(url: string): string | undefined {
    if (new URL(url).origin !== this.origin) return undefined;
    const { username, password, token } = this.settings;
    if (username !== undefined)
      return `Basic ${Buffer.from(`${username}:${password ?? token ?? ''}`).toString('base64')}`;
    if (token !== undefined) return `Bearer ${token}`;
    return undefined;
  }
}

/** The typed error for a failed upstream request: 504 for timeouts, 502 for everything else, with the reason. */
export function upstreamError(url: string, error: unknown): Error {
  if (error instanceof BadGatewayError || error instanceof GatewayTimeoutError)
    return error;
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string; message?: string } })
    .cause;
  const reason = [
    code ?? cause?.code,
    (error as Error).message || cause?.message,
  ]
    .filter(Boolean)
    .join(' ');
  if (
    (code && TIMEOUT_CODES.has(code)) ||
    (cause?.code && TIMEOUT_CODES.has(cause.code))
  )
    return new GatewayTimeoutError(
      `Upstream ${url} did not answer in time: ${reason}`,
    );
  return new BadGatewayError(`Upstream ${url} failed: ${reason}`);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
