#!/usr/bin/env bash
# Prepares a Debian machine for the test suite (run as root; `npm run setup:test`): installs the system tools the
# end-to-end tests use (Debian's twine, python3-build, venv, and chromium for the portal UI test, driven by
# playwright-core: never `npx playwright install`) and a PostgreSQL server, and makes sure PostgreSQL
# accepts trust connections on 127.0.0.1:5432. Does only what is missing, so it is cheap to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

section() { printf '\n==== %s ====\n' "$*"; }

# ---------------------------------------------------------------------------
section "System packages"
APT_PACKAGES=(twine python3-build python3-wheel python3-venv python3-setuptools python3-pip postgresql radosgw ceph-mon ceph-osd curl chromium)
# `npm run setup:bench` adds the benchmark's load generator and baseline server (nginx, wrk).
read -r -a extra <<<"${WHEELHOUSE_EXTRA_APT_PACKAGES:-}"
APT_PACKAGES+=("${extra[@]}")
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all present: ${APT_PACKAGES[*]}"
fi
echo "node $(node --version), npm $(npm --version), $(/usr/bin/python3 --version), python3 on PATH: $(command -v python3) ($(python3 --version 2>&1))"
echo "$(/usr/bin/twine --version 2>&1 | tr -s '\n ' ' ')"

# ---------------------------------------------------------------------------
section "PostgreSQL"
PG_PORT="${WHEELHOUSE_CI_PG_PORT:-5432}"
clusters() { pg_lsclusters --no-header 2>/dev/null || true; }
online_on_port() { clusters | awk -v port="$PG_PORT" '$3 == port && $4 ~ /^online/' | head -n 1; }
if [[ -z "$(clusters)" ]]; then
  pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  echo "no cluster: creating ${pg_version}/main on port ${PG_PORT}"
  pg_createcluster "$pg_version" main --port "$PG_PORT" >/dev/null
fi
pg_lsclusters
pg_version='' pg_cluster=''
if [[ -z "$(online_on_port)" ]]; then
  read -r pg_version pg_cluster _ < <(clusters | awk -v port="$PG_PORT" '$3 == port' | head -n 1) || true
  if [[ -z "$pg_version" ]]; then
    read -r pg_version pg_cluster _ < <(clusters | head -n 1) || true
  fi
  echo "starting cluster ${pg_version}/${pg_cluster}"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" start
fi
pg_version='' pg_cluster=''
read -r pg_version pg_cluster _ < <(online_on_port) || true
if [[ -z "$pg_version" ]]; then
  echo "no PostgreSQL cluster is online on port ${PG_PORT}:" >&2
  pg_lsclusters >&2
  exit 1
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done

pg_select1() { psql -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
if ! pg_select1; then
  hba_file="$(runuser -u postgres -- psql -p "$PG_PORT" -Atqc 'show hba_file')"
  echo "password auth blocks 127.0.0.1: adding trust lines to ${hba_file} and reloading"
  {
    echo "# added by .ci/run: trust loopback TCP for the test suite"
    echo "host all all 127.0.0.1/32 trust"
    echo "host all all ::1/128 trust"
    cat "$hba_file"
  } >"${hba_file}.ci-new"
  chown --reference="$hba_file" "${hba_file}.ci-new"
  chmod --reference="$hba_file" "${hba_file}.ci-new"
  mv "${hba_file}.ci-new" "$hba_file"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" reload
  sleep 1
fi
psql -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'select version()'
echo "tests connect to postgres://postgres@127.0.0.1:${PG_PORT}/postgres (override with WHEELHOUSE_TEST_PG_URL)"


# ---------------------------------------------------------------------------
section "S3 test server (Ceph radosgw on 127.0.0.1:17480)"
bash "$(dirname "$0")/s3-test-server.sh" start >/dev/null
