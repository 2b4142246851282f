// The frontend half of `npm start`: builds the dev app and serves it on http://localhost:3000, forwarding /api to the
// backend on http://localhost:7007 (override with PORT and BACKEND_URL). It listens on 127.0.0.1 only, as the dev
// backend does (guest sign-in, allow-all permissions); HOST=0.0.0.0 opens both to the network.
//
//   node dev/start.js [-- command args...]
//
// With a command after `--` (the root's start:dev passes the dev backend), that command runs alongside as a child:
// when it ends, this ends with its exit code, and Ctrl-C / SIGTERM stop both.
const { spawn } = require('node:child_process');
const { buildDevApp } = require('./build');
const { startDevServer } = require('./server');

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];

  let child;
  if (command.length) {
    child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => {
        child.kill(signal);
        setTimeout(() => process.exit(130), 10_000).unref();
      });
    }
  }
  const { outdir } = await buildDevApp();
  const { url } = await startDevServer({
    distDir: outdir,
    backendUrl,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    publicUrl: `http://localhost:${port}`,
  });
  console.log(
    `pypi frontend dev app on ${url}/pypi (API calls go to ${backendUrl})`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
