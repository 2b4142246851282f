import http from 'node:http';
import { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { validateRepositories } from '../config';
import { allowedFileHosts } from './repositoryKinds';
import { UndiciUpstreamIndex } from './UndiciUpstreamIndex';

/** A loopback server that records what it was asked and answers with `answer`. */
async function server(
  answer: (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) => void,
) {
  const requests: string[] = [];
  const listening = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    answer(request, response);
  });
  await new Promise<void>(resolve => listening.listen(0, '127.0.0.1', resolve));
  const { port } = listening.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise(resolve => listening.close(resolve)),
  };
}

describe('UndiciUpstreamIndex file hosts', () => {
  let elsewhere: Awaited<ReturnType<typeof server>>;
  let upstream: Awaited<ReturnType<typeof server>>;

  beforeAll(async () => {
    // What a compromised upstream would aim the proxy at: another host (here, another port on loopback).
    elsewhere = await server((_request, response) => response.end('internal'));
    upstream = await server((request, response) => {
      if (request.url === '/files/redirect.whl') {
        response.statusCode = 302;
        response.setHeader('location', `${elsewhere.url}/secret`);
        response.end();
      } else response.end('wheel bytes');
    });
  });
  afterAll(async () => {
    await upstream.close();
    await elsewhere.close();
  });

  const index = (fileHosts?: string[]) =>
    new UndiciUpstreamIndex({
      url: `${upstream.url}/simple/`,
      timeoutSeconds: 5,
      fileHosts,
    });

  it("fetches files from the upstream's own host", async () => {
    const download = await index().download(`${upstream.url}/files/a.whl`);
    expect(await text(download.body)).toBe('wheel bytes');
  });

  it('refuses, without asking, a file URL or a redirect to a host that is not allowed', async () => {
    await expect(
      index().download(`${elsewhere.url}/secret`),
    ).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining('not fetched'),
    });
    await expect(
      index().download(`${upstream.url}/files/redirect.whl`),
    ).rejects.toMatchObject({ status: 502 });
    expect(elsewhere.requests).toEqual([]);
  });

  it('follows a file URL and a redirect to a host listed in fileHosts', async () => {
    const allowed = index([elsewhere.host]);
    expect(
      await text((await allowed.download(`${elsewhere.url}/secret`)).body),
    ).toBe('internal');
    expect(
      await text(
        (await allowed.download(`${upstream.url}/files/redirect.whl`)).body,
      ),
    ).toBe('internal');
    expect(elsewhere.requests).toEqual(['/secret', '/secret']);
  });

  it("allows pypi.org's file host by default, and only the listed hosts when fileHosts is given", () => {
    expect([...allowedFileHosts({ url: 'https://pypi.org/simple/' })]).toEqual([
      'pypi.org',
      'files.pythonhosted.org',
    ]);
    expect([
      ...allowedFileHosts({
        url: 'https://mirror.example:8443/simple/',
        fileHosts: ['CDN.example'],
      }),
    ]).toEqual(['mirror.example:8443', 'cdn.example']);
  });

  it('refuses at start fileHosts that are not host names', () => {
    for (const fileHosts of ['cdn.example', ['https://cdn.example/'], [1]])
      expect(() =>
        validateRepositories([
          {
            name: 'pypi',
            anonymousRead: true,
            kind: 'proxy',
            upstream: { url: 'https://pypi.org/simple/', fileHosts } as never,
          },
        ]),
      ).toThrow('upstream.fileHosts must be a list of host names');
  });
});
