#!/usr/bin/env bash
# A throwaway S3-compatible server for the test suite: Ceph's RADOS Gateway (Debian's radosgw, Ceph 16.2) on the
# smallest Ceph cluster that works, started by hand the way Ceph's vstart.sh does: one monitor, one OSD keeping its
# data in BlueStore on a sparse file in the data directory, no manager. cephx is off because every daemon listens on
# 127.0.0.1 only; S3 requests are still SigV4-authenticated by radosgw with the generated key.
#
#   scripts/s3-test-server.sh start [DIR]  installs Ceph if missing (apt, as root), starts a fresh server unless one
#                                          already answers, creates a user and a bucket, prints the env lines
#   scripts/s3-test-server.sh env [DIR]    prints `export WHEELHOUSE_TEST_S3_...=...` lines for the running server
#   scripts/s3-test-server.sh stop [DIR]   stops the daemons and removes DIR
#
# DIR defaults to $WHEELHOUSE_S3_DIR, else /tmp/wheelhouse-s3. Ports: $WHEELHOUSE_S3_PORT (S3, default 17480) and
# $WHEELHOUSE_S3_MON_PORT (Ceph monitor, default 13300). Progress goes to stderr and only the export lines to stdout,
# so `eval "$(scripts/s3-test-server.sh start)"` works.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

command="${1:-}"
DIR="$(realpath -m "${2:-${WHEELHOUSE_S3_DIR:-/tmp/wheelhouse-s3}}")"
PORT="${WHEELHOUSE_S3_PORT:-17480}"
MON_PORT="${WHEELHOUSE_S3_MON_PORT:-13300}"
ENDPOINT="http://127.0.0.1:${PORT}"
BUCKET=wheelhouse-test
REGION=us-east-1
CONF="$DIR/ceph.conf"

log() { printf 's3-test-server: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  for file in "$DIR"/log/*.log; do
    [[ -f "$file" ]] && { log "last lines of $file:"; tail -n 15 "$file" >&2; }
  done
  exit 1
}
ceph_cli() { timeout 60 ceph -c "$CONF" --connect-timeout 30 "$@"; }

# curl signs with SigV4 itself; radosgw insists on x-amz-content-sha256, which curl 7.88 only signs if it is given.
s3_curl() {
  # shellcheck disable=SC1091
  source "$DIR/env"
  curl -sS -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:${REGION}:s3" \
    --user "${WHEELHOUSE_TEST_S3_ACCESS_KEY}:${WHEELHOUSE_TEST_S3_SECRET_KEY}" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@" 2>/dev/null || true
}
answers() { [[ -f "$DIR/env" ]] && [[ "$(s3_curl -I "$ENDPOINT/$BUCKET")" == 200 ]]; }

install_if_missing() {
  local tools=(radosgw radosgw-admin ceph ceph-mon ceph-osd monmaptool ceph-authtool curl flock)
  local tool missing=0
  for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing=1; done
  ((missing)) || return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null ||
      die "Ceph is not installed and installing it needs root: apt-get install radosgw ceph-mon ceph-osd curl"
    sudo=(sudo -n)
  fi
  log "installing Ceph (radosgw ceph-mon ceph-osd) with apt"
  local output
  output="$("${sudo[@]}" apt-get update -qq 2>&1 &&
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd curl 2>&1)" ||
    { printf '%s\n' "$output" >&2; die "apt-get could not install Ceph"; }
}

stop_daemons() {
  local name pid pids=()
  # Gateway first, monitor last, so nothing hangs waiting for a monitor that is gone.
  for name in client.rgw osd.0 mon.a; do
    pid="$(cat "$DIR/run/$name.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then pids+=("$pid"); fi
  done
  for _ in $(seq 1 100); do
    local alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    ((${#alive[@]})) || return 0
    sleep 0.2
  done
  kill -9 "${alive[@]}" 2>/dev/null || true
}

write_conf() { # objectstore
  local store
  if [[ "$1" == bluestore ]]; then
    # A sparse 10 GiB file; the cache is capped so the OSD stays small.
    store="osd objectstore = bluestore
bluestore block create = true
bluestore block size = 10737418240
bluestore cache autotune = false
bluestore cache size = 134217728"
  else
    store="osd objectstore = memstore
memstore device bytes = 2147483648"
  fi
  cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
# radosgw asks for an encrypted monitor connection by default, which needs cephx.
ms mon client mode = crc secure
run dir = $DIR/run
# A single OSD holding one copy of everything.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 1
[mon]
mon data = $DIR/mon.\$id
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
[osd]
osd data = $DIR/osd.\$id
osd memory target = 1073741824
$store
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DIR/rgw
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
EOF
}

lock() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$DIR.lock"
  flock -w 300 9 || die "timed out waiting for another start or stop to finish ($DIR.lock)"
}

start() {
  lock
  if answers; then
    log "already running at $ENDPOINT (data in $DIR)"
    cat "$DIR/env"
    return
  fi
  install_if_missing
  [[ -d "$DIR" ]] && stop_daemons
  # radosgw does not always exit when its port is taken, so check first rather than talk to a stranger.
  if curl -s -o /dev/null "$ENDPOINT/"; then
    die "something else already listens on $ENDPOINT (choose another port with WHEELHOUSE_S3_PORT)"
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR"/{mon.a,osd.0,run,log,rgw}
  FSID="$(cat /proc/sys/kernel/random/uuid)"
  local started=$SECONDS

  log "starting the Ceph monitor on 127.0.0.1:$MON_PORT (data in $DIR)"
  write_conf bluestore
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$DIR/monmap" >/dev/null
  ceph-authtool --create-keyring "$DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/mon.keyring" >>"$DIR/log/setup.log" 2>&1 ||
    die "ceph-mon --mkfs failed"
  # The daemons must not inherit the lock (fd 9), or it would stay held for as long as they run.
  ceph-mon -c "$CONF" -i a </dev/null >>"$DIR/log/setup.log" 2>&1 9>&- || die "ceph-mon did not start"

  log "starting the OSD"
  local uuid id
  uuid="$(cat /proc/sys/kernel/random/uuid)"
  id="$(ceph_cli osd new "$uuid" 2>>"$DIR/log/setup.log")" || die "the monitor does not answer"
  if ! ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$uuid" >>"$DIR/log/setup.log" 2>&1; then
    # BlueStore opens its file with O_DIRECT, which some container file systems refuse: keep the data in memory.
    log "BlueStore failed on $DIR (see $DIR/log/setup.log); using MemStore instead"
    rm -rf "$DIR/osd.$id" && mkdir -p "$DIR/osd.$id"
    write_conf memstore
    ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$uuid" >>"$DIR/log/setup.log" 2>&1 || die "ceph-osd --mkfs failed"
  fi
  ceph-osd -c "$CONF" -i "$id" </dev/null >>"$DIR/log/setup.log" 2>&1 9>&- || die "ceph-osd did not start"

  log "starting radosgw on $ENDPOINT"
  radosgw -c "$CONF" -n client.rgw </dev/null >>"$DIR/log/setup.log" 2>&1 9>&- || die "radosgw did not start"
  # It answers once it has created its pools, typically after about 10 s.
  local anonymous pid
  for _ in $(seq 1 240); do
    anonymous="$(curl -s -o /dev/null -w '%{http_code}' "$ENDPOINT/" || true)"
    [[ "$anonymous" == 200 ]] && break
    pid="$(cat "$DIR/run/client.rgw.pid" 2>/dev/null || true)"
    [[ -z "$pid" ]] || kill -0 "$pid" 2>/dev/null || die "radosgw exited (is port $PORT taken?)"
    sleep 0.5
  done
  [[ "$anonymous" == 200 ]] || die "radosgw does not answer on $ENDPOINT"

  local access secret
  access="WH$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
  secret="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  timeout 60 radosgw-admin -c "$CONF" user create --uid=wheelhouse --display-name='Wheelhouse tests' \
    --access-key="$access" --secret-key="$secret" >/dev/null 2>>"$DIR/log/setup.log" ||
    die "radosgw-admin user create failed"
  cat >"$DIR/env" <<EOF
export WHEELHOUSE_TEST_S3_ENDPOINT=$ENDPOINT
export WHEELHOUSE_TEST_S3_BUCKET=$BUCKET
export WHEELHOUSE_TEST_S3_ACCESS_KEY=$access
export WHEELHOUSE_TEST_S3_SECRET_KEY=$secret
export WHEELHOUSE_TEST_S3_REGION=$REGION
EOF
  local status
  status="$(s3_curl -X PUT "$ENDPOINT/$BUCKET")"
  [[ "$status" == 200 ]] || die "creating bucket $BUCKET answered HTTP $status"
  answers || die "bucket $BUCKET is not reachable"
  log "ready in $((SECONDS - started))s: $ENDPOINT, bucket $BUCKET (stop with: $0 stop $DIR)"
  cat "$DIR/env"
}

case "$command" in
  start) start ;;
  env)
    answers || die "no S3 test server answers at $ENDPOINT; start one with: scripts/s3-test-server.sh start"
    cat "$DIR/env"
    ;;
  stop)
    if [[ -d "$DIR" ]]; then
      lock
      stop_daemons
      rm -rf "$DIR"
      log "stopped; removed $DIR"
    fi
    ;;
  *)
    echo "usage: $0 start|stop|env [DIR]" >&2
    exit 2
    ;;
esac
