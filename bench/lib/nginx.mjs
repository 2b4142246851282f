// The baseline: nginx serving the same bytes as static files, from its own config and prefix in the work directory
// (never the system service). One worker process, like the one Node process it is compared with.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, pinned, startProcess, waitFor } from './util.mjs';

/**
 * Starts nginx on a free loopback port with `root` as document root. `types` maps file extensions to
 * Content-Types (index pages are stored as .html / .json files). `/upload/` accepts WebDAV PUT (the upload
 * baseline: the body streamed to a file).
 */
export async function startNginx({ dir, root }) {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'temp'), { recursive: true });
  fs.mkdirSync(path.join(root, 'upload'), { recursive: true });
  const port = await freePort();
  const config = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    config,
    `
user root;
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  types {
    text/html html;
    application/vnd.pypi.simple.v1+json json;
    text/plain metadata;
  }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    index index.html;
    location /upload/ {
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 2g;
      client_body_buffer_size 1m;
    }
  }
}
`,
  );
  const proc = startProcess(
    ...pinned('server', 'nginx', ['-c', config, '-p', dir]),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx to listen', async () => {
    if (proc.child.exitCode !== null)
      throw new Error(`nginx exited: ${proc.output.stderr}`);
    const response = await fetch(`${url}/`).catch(() => undefined);
    return response !== undefined;
  });
  // The one worker serves every request: its CPU is what a request costs nginx.
  const workerPid = Number(
    fs
      .readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)[0],
  );
  return {
    url,
    pid: proc.pid,
    workerPid,
    async stop() {
      // SIGQUIT: graceful shutdown of master and worker.
      await proc.stop('SIGQUIT', 5000);
    },
  };
}

/**
 * Node's own http module serving the same document root from memory with nginx's headers (bench/nodeHttpServer.mjs),
 * on the server core: the ceiling of what a Node server can reach here, beside nginx.
 */
export async function startNodeHttp({ root }) {
  const port = await freePort();
  const script = path.join(
    path.dirname(new URL(import.meta.url).pathname),
    '../nodeHttpServer.mjs',
  );
  const proc = startProcess(
    ...pinned('server', process.execPath, [script, root, String(port)]),
  );
  await waitFor('the Node http baseline to listen', () => {
    if (proc.child.exitCode !== null)
      throw new Error(`the Node http baseline exited: ${proc.output.stderr}`);
    return proc.output.stdout.includes('listening');
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid,
    stop: () => proc.stop(),
  };
}
