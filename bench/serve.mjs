// The standalone server as `wheelhouse serve` starts it, for the download-counting comparison: with --no-count it
// starts with countDownloads: false, so the two variants differ in counting (and its database flushes) only.
// Usage: node bench/serve.mjs serve --data-dir DIR --port N [--host H] [--database-url URL] [--no-count]
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = require(path.join(root, 'packages/registry-core/dist/index.js'));

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'database-url': { type: 'string' },
    config: { type: 'string' },
    'no-count': { type: 'boolean' },
  },
});

const dataDirectory = path.resolve(values['data-dir']);
const server = await core.startStandaloneServer({
  dataDirectory,
  database: values['database-url']
    ? core.parseDatabaseUrl(values['database-url'])
    : {
        client: 'sqlite',
        filename: path.join(dataDirectory, 'wheelhouse.sqlite'),
      },
  config: values.config ? core.loadServerConfig(values.config) : {},
  host: values.host ?? '127.0.0.1',
  port: Number(values.port ?? 8080),
  log: message => console.error(message),
  countDownloads: !values['no-count'],
});
console.log(
  `Wheelhouse listening on ${server.url}/ (download counting ${values['no-count'] ? 'off' : 'on'})`,
);
const stop = () =>
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
