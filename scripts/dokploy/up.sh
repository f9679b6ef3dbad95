#!/usr/bin/env bash
# npm run dokploy:up — a real Dokploy v0.30.2 on a single-node Docker Swarm, on 127.0.0.1, from
# Debian packages, the npm registry, the Go module proxy and ../shared/dokploy. Idempotent: what
# already runs is kept. Needs root (dockerd, apt-get). Writes DOKPLOY_URL and DOKPLOY_TOKEN to
# $DOKPLOY_ROOT/dokploy.env, never to the log; `npm run dokploy:down` stops what this started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
export DEBIAN_FRONTEND=noninteractive
total_start=$(date +%s)

if [ "$(id -u)" != 0 ]; then
  echo "dokploy:up needs root (it starts dockerd and installs Debian packages)" >&2
  exit 1
fi
run="$DOKPLOY_ROOT/run"
logs="$DOKPLOY_ROOT/logs"
mkdir -p "$run" "$logs" "$DOKPLOY_ROOT/home" "$DOKPLOY_CACHE"
# down.sh reads this: one line per thing this script started.
started="$run/started"
touch "$started"
mark_started() { grep -qx "$1" "$started" || echo "$1" >>"$started"; }

# alive PIDFILE WORD: the process of the pid file runs and its command line has WORD (a pid left from
# an earlier boot may belong to something else now).
alive() { [ -f "$1" ] && grep -qa "$2" "/proc/$(cat "$1")/cmdline" 2>/dev/null; }
wait_for() { # seconds, description, command...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq "$((seconds * 2))"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "dokploy:up: $what did not come up within ${seconds} s (logs: $logs)" >&2
  exit 1
}

phase "Debian packages"
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-registry >/dev/null || need+=(docker-registry)
[ -x /bin/busybox ] || need+=(busybox-static) # the fixtures' images are made from it
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v g++ >/dev/null || need+=(build-essential) # Dokploy's native modules
command -v python3 >/dev/null || need+=(python3)
command -v git >/dev/null || need+=(git)
command -v curl >/dev/null || need+=(curl)
command -v redis-server >/dev/null || need+=(redis-server) # the fixtures' Redis image
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >"$logs/apt.log"
  echo "    installed ${need[*]}"
fi

phase "Docker daemon and Swarm"
if ! docker info >/dev/null 2>&1; then
  setsid dockerd --pidfile "$run/dockerd.pid" >"$logs/dockerd.log" 2>&1 </dev/null &
  mark_started dockerd
  wait_for 60 "dockerd" docker info
fi
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  mark_started swarm
fi

phase "local registry on 127.0.0.1:$REGISTRY_PORT"
if ! curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/" >/dev/null 2>&1; then
  mkdir -p "$DOKPLOY_ROOT/registry"
  cat >"$run/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $DOKPLOY_ROOT/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
log:
  level: warn
EOF
  setsid docker-registry serve "$run/registry.yml" >"$logs/registry.log" 2>&1 </dev/null &
  echo $! >"$run/registry.pid"
  mark_started registry
  wait_for 30 "the registry" curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/"
fi

phase "the fixtures' images in the registry"
bash "$here/images.sh"

phase "docker compose $COMPOSE_VERSION plugin"
compose_bin="$(bash "$here/compose-plugin.sh" 2>"$logs/compose-build.log" | tail -1)" || {
  tail -20 "$logs/compose-build.log" >&2
  echo "dokploy:up: building the docker compose plugin failed (log: $logs/compose-build.log)" >&2
  exit 1
}
mkdir -p "$DOKPLOY_ROOT/home/.docker/cli-plugins"
ln -sf "$compose_bin" "$DOKPLOY_ROOT/home/.docker/cli-plugins/docker-compose"

phase "PostgreSQL on 127.0.0.1:$DOKPLOY_PG_PORT"
pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
pg_data="$DOKPLOY_ROOT/pg"
if [ ! -f "$pg_data/PG_VERSION" ]; then
  mkdir -p "$pg_data"
  chown postgres:postgres "$pg_data"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U dokploy --auth=trust >"$logs/initdb.log"
fi
if ! runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
  chown postgres:postgres "$logs"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$logs/postgres.log" -w \
    -o "-p $DOKPLOY_PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  mark_started postgres
fi
"$pg_bin/psql" -h 127.0.0.1 -p "$DOKPLOY_PG_PORT" -U dokploy -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'dokploy'" | grep -q 1 ||
  "$pg_bin/createdb" -h 127.0.0.1 -p "$DOKPLOY_PG_PORT" -U dokploy dokploy

phase "Dokploy build (cached in $DOKPLOY_BUILD)"
if [ ! -f "$DOKPLOY_BUILD/.built" ]; then
  bash "$here/build.sh" >"$logs/build.log" 2>&1 || {
    tail -40 "$logs/build.log" >&2
    echo "dokploy:up: the Dokploy build failed (whole log: $logs/build.log)" >&2
    exit 1
  }
  grep -E '^    .*: [0-9]+ s$' "$logs/build.log" || true
fi

url="http://127.0.0.1:$DOKPLOY_PORT"
phase "Dokploy (production mode) on $url"
# Production mode keeps its files under the fixed /etc/dokploy: point it into the temp root.
mkdir -p "$DOKPLOY_ROOT/etc-dokploy"
if [ -e /etc/dokploy ] && [ "$(readlink /etc/dokploy)" != "$DOKPLOY_ROOT/etc-dokploy" ]; then
  echo "dokploy:up: /etc/dokploy exists and is not this kit's link into $DOKPLOY_ROOT: remove it or stop that Dokploy" >&2
  exit 1
fi
ln -sfn "$DOKPLOY_ROOT/etc-dokploy" /etc/dokploy
[ -f "$run/auth-secret" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$run/auth-secret")
cat >"$run/dokploy-server.env" <<EOF
NODE_ENV=production
HOST=127.0.0.1
PORT=$DOKPLOY_PORT
HOME=$DOKPLOY_ROOT/home
DATABASE_URL=postgres://dokploy@127.0.0.1:$DOKPLOY_PG_PORT/dokploy
EOF
if ! alive "$run/dokploy.pid" server.mjs; then
  app="$DOKPLOY_BUILD/apps/dokploy"
  (
    set -a
    . "$run/dokploy-server.env"
    BETTER_AUTH_SECRET="$(cat "$run/auth-secret")"
    set +a
    cd "$app"
    export PATH="$KIT_NODE_DIR/bin:$PATH"
    node dist/migration.mjs >"$logs/migration.log" 2>&1
    exec setsid node dist/server.mjs >>"$logs/dokploy.log" 2>&1 </dev/null
  ) &
  echo $! >"$run/dokploy.pid"
  mark_started dokploy
fi
wait_for 180 "Dokploy" curl -fsS "$url/api/health"

phase "first user and an API key without a rate limit"
"$KIT_NODE_DIR/bin/node" "$here/credentials.mjs" "$url" "$DOKPLOY_ROOT/dokploy.env" "$run/admin-password"
phase_end

echo
echo "Dokploy v0.30.2 runs at $url (production mode) — up in $(($(date +%s) - total_start)) s."
echo "DOKPLOY_URL and DOKPLOY_TOKEN: $DOKPLOY_ROOT/dokploy.env   (set -a; . $DOKPLOY_ROOT/dokploy.env; set +a)"
echo "npm run dokploy:down will stop: $(paste -sd ' ' "$started"), and remove the Swarm services and"
echo "compose stacks Dokploy created. The build cache in $DOKPLOY_CACHE stays."
