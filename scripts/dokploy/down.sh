#!/usr/bin/env bash
# npm run dokploy:down — stops what `npm run dokploy:up` started (and only that, from its pid files
# and $DOKPLOY_ROOT/run/started), after removing the Swarm services and compose stacks Dokploy made.
# The data under $DOKPLOY_ROOT stays (so the next `up` keeps its user and key) unless --purge is given;
# the build cache always stays.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
run="$DOKPLOY_ROOT/run"
started="$run/started"
purge=false
[ "${1:-}" = "--purge" ] && purge=true

if [ ! -f "$started" ]; then
  echo "dokploy:down: nothing to stop ($started is absent)"
  exit 0
fi
was_started() { grep -qx "$1" "$started"; }
stop_pid() { # name, pid file
  if [ -f "$2" ] && kill -0 "$(cat "$2")" 2>/dev/null; then
    local pid
    pid="$(cat "$2")"
    kill "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$2"
}

stop_pid dokploy "$run/dokploy.pid"

pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
if docker info >/dev/null 2>&1; then
  # What Dokploy created is named after the appNames in its database: application services, database
  # services and compose projects (docker compose) or stacks (docker stack).
  app_names="$("$pg_bin/psql" -h 127.0.0.1 -p "$DOKPLOY_PG_PORT" -U dokploy -d dokploy -tAc \
    'SELECT "appName" FROM application UNION ALL SELECT "appName" FROM compose UNION ALL
     SELECT "appName" FROM postgres UNION ALL SELECT "appName" FROM redis UNION ALL
     SELECT "appName" FROM mysql UNION ALL SELECT "appName" FROM mariadb UNION ALL SELECT "appName" FROM mongo' 2>/dev/null || true)"
  removed=0
  for name in $app_names; do
    if docker service inspect "$name" >/dev/null 2>&1; then
      docker service rm "$name" >/dev/null && removed=$((removed + 1))
    fi
    stack_services="$(docker service ls -q --filter "label=com.docker.stack.namespace=$name" 2>/dev/null || true)"
    if [ -n "$stack_services" ]; then
      docker stack rm "$name" >/dev/null && removed=$((removed + 1))
    fi
    containers="$(docker ps -aq --filter "label=com.docker.compose.project=$name")"
    if [ -n "$containers" ]; then
      docker rm -f $containers >/dev/null && removed=$((removed + 1))
    fi
  done
  echo "removed $removed Swarm service(s) and compose stack(s) Dokploy created"
fi

if was_started postgres; then
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$DOKPLOY_ROOT/pg" -m fast stop >/dev/null 2>&1 && echo "stopped PostgreSQL"
fi
was_started registry && stop_pid registry "$run/registry.pid"
if was_started swarm && docker info >/dev/null 2>&1; then
  docker swarm leave --force >/dev/null 2>&1 && echo "left the Swarm"
fi
was_started dockerd && stop_pid dockerd "$run/dockerd.pid"
[ "$(readlink /etc/dokploy 2>/dev/null)" = "$DOKPLOY_ROOT/etc-dokploy" ] && rm -f /etc/dokploy

rm -f "$started"
if $purge; then
  rm -rf "$DOKPLOY_ROOT"
  echo "removed $DOKPLOY_ROOT"
fi
