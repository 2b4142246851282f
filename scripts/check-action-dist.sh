#!/usr/bin/env bash
# Fails when a GitHub action's committed bundle (packages/action-*/dist) is out of date with its source: each
# action is rebuilt with ncc into a scratch directory and compared with what is committed. Workflows run the
# committed dist/index.js, so a source change without `npm run build -w <action>` would silently not ship.
set -euo pipefail

cd "$(dirname "$0")/.."
# The actions bundle @wheelhouse/registry-client from its compiled output.
npx tsc -b packages/registry-client

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for action in packages/action-*/; do
  action="${action%/}"
  name="$(basename "$action")"
  [ -f "$action/action.yml" ] || continue
  (cd "$action" && npx ncc build src/main.ts -o "$scratch/$name" --license licenses.txt --source-map >/dev/null)
  if diff -r -q "$action/dist" "$scratch/$name" >/dev/null; then
    echo "$action/dist is up to date"
  else
    echo "::error::$action/dist is out of date with its source. Run: npm run build -w @wheelhouse/$name, and commit $action/dist" >&2
    diff -r "$action/dist" "$scratch/$name" | head -40 >&2 || true
    status=1
  fi
done
exit "$status"
