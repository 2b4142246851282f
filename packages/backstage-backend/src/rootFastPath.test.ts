import http, { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigReader } from '@backstage/config';
import {
  installPypiRootFastPath,
  publishRootFastPath,
  rootFastPath,
} from './rootFastPath';

function request(url: string): IncomingMessage {
  return { url, method: 'GET' } as IncomingMessage;
}
const response = {} as ServerResponse;

describe('rootFastPath', () => {
  afterEach(() => publishRootFastPath(undefined));

  it('hands everything on until the plugin publishes its hot path', () => {
    const next = jest.fn();
    rootFastPath()(request('/api/pypi/default/simple/'), response, next);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("gives the plugin's hot path the path below the mount point, and restores it when the hot path declines", () => {
    const seen: string[] = [];
    publishRootFastPath({
      mountPath: '/api/pypi',
      handler: (req, _res, fallback) => {
        seen.push(req.url!);
        fallback();
      },
    });
    const req = request('/api/pypi/default/simple/demo/');
    const urlsAtNext: string[] = [];
    rootFastPath()(req, response, () => urlsAtNext.push(req.url!));
    expect(seen).toEqual(['/default/simple/demo/']);
    expect(urlsAtNext).toEqual(['/api/pypi/default/simple/demo/']);
  });

  it("leaves other plugins' paths alone, a prefix that is not a path segment included", () => {
    const handler = jest.fn();
    publishRootFastPath({ mountPath: '/api/pypi', handler });
    const next = jest.fn();
    for (const url of [
      '/api/catalog/entities',
      '/api/pypiextra/x',
      '/api/pypi',
    ])
      rootFastPath()(request(url), response, next);
    expect(handler).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledTimes(3);
  });
});

describe('installPypiRootFastPath', () => {
  afterEach(() => publishRootFastPath(undefined));

  it("puts the hot path in front of the server's app, which gets whatever the hot path declines", () => {
    const app = jest.fn();
    const server = http.createServer(app);
    const taken: string[] = [];
    publishRootFastPath({
      mountPath: '/api/pypi',
      handler: (req, _res, fallback) => {
        if (req.url === '/default/simple/') taken.push(req.url);
        else fallback();
      },
    });
    installPypiRootFastPath({ server });
    server.emit('request', request('/api/pypi/default/simple/'), response);
    expect(taken).toEqual(['/default/simple/']);
    expect(app).not.toHaveBeenCalled();
    const other = request('/api/pypi/api/v1/repositories');
    server.emit('request', other, response);
    const catalog = request('/api/catalog/entities');
    server.emit('request', catalog, response);
    expect(app.mock.calls).toEqual([
      [other, response],
      [catalog, response],
    ]);
    expect(other.url).toBe('/api/pypi/api/v1/repositories');
  });

  it('installs nothing when Backstage rate-limits every request, and says so', () => {
    const handler = jest.fn();
    publishRootFastPath({ mountPath: '/api/pypi', handler });
    const warn = jest.fn();
    const logger = { warn } as any;
    for (const rateLimit of [true, { max: 10 }, { global: true }]) {
      const app = jest.fn();
      const server = http.createServer(app);
      installPypiRootFastPath({
        server,
        config: new ConfigReader({ backend: { rateLimit } }),
        logger,
      });
      server.emit('request', request('/api/pypi/default/simple/'), response);
      expect(app).toHaveBeenCalledTimes(1);
    }
    expect(handler).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(3);
    // Rate limits for chosen plugins only (global: false) leave the fast path on.
    const server = http.createServer(jest.fn());
    installPypiRootFastPath({
      server,
      config: new ConfigReader({ backend: { rateLimit: { global: false } } }),
      logger,
    });
    server.emit('request', request('/api/pypi/default/simple/'), response);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
