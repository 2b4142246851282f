/**
 * An HTTP CONNECT proxy on loopback, as a self-hosted runner's corporate proxy would be: it tunnels to hosts that
 * only it can resolve (`hosts` maps a made-up name to 127.0.0.1), so a client that ignores HTTPS_PROXY fails with
 * ENOTFOUND, and one that honours it gets through. It records every CONNECT it served.
 */
import http from 'node:http';
import net from 'node:net';

export interface ConnectProxy {
  url: string;
  /** `host:port` of every tunnel asked for. */
  connects: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(
  hosts: Record<string, string>,
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'text/plain' });
    response.end('This proxy only tunnels (CONNECT)\n');
  });
  server.on('connect', (request, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const target = request.url ?? '';
    connects.push(target);
    const [host, port] = target.split(':');
    const upstream = net.connect(Number(port), hosts[host] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const fail = () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      upstream.destroy();
    };
    upstream.on('error', fail);
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
