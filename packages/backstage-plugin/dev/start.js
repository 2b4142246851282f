// `npm start`: the dev backend and, on http://localhost:3000, the dev app (index.tsx) served by
// `backstage-cli package start`, both reading packages/backstage-backend/dev/app-config.yaml. Both listen on
// 127.0.0.1 only (guest sign-in, allow-all permissions); HOST=0.0.0.0 opens them to the network.
//
//   node dev/start.js [-- backend command args...]
//
// With a command after `--` (the root's start:dev passes the dev backend), that command runs alongside as a child.
// When either ends, the other is stopped and this ends with its exit code; Ctrl-C / SIGTERM stop both.
const { spawn } = require('node:child_process');
const path = require('node:path');

const CONFIG = path.resolve(
  __dirname,
  '../../backstage-backend/dev/app-config.yaml',
);

function main() {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  const children = [];
  const run = (file, args, options) => {
    const child = spawn(file, args, { stdio: 'inherit', ...options });
    children.push(child);
    child.on('exit', (code, signal) => {
      for (const other of children) if (other !== child) other.kill('SIGTERM');
      process.exitCode = code ?? (signal ? 1 : 0);
    });
    return child;
  };
  if (command.length) run(command[0], command.slice(1));
  run(
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
      '--config',
      CONFIG,
    ],
    { cwd: path.join(__dirname, '..') },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
      setTimeout(() => process.exit(130), 10_000).unref();
    });
  }
}

main();
