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

if docker info >/dev/null 2>&1; then
  # Dokploy names every service and compose project after an appName; the Swarm services it made
  # carry no label of their own, so remove all but those that existed before `up` (none, when up
  # initialised the Swarm itself).
  if was_started swarm; then
    services="$(docker service ls -q)"
    [ -n "$services" ] && docker service rm $services >/dev/null && echo "removed $(echo "$services" | wc -l) Swarm service(s)"
  fi
  projects="$(docker ps -a --filter label=com.docker.compose.project --format '{{.Label "com.docker.compose.project"}}' | sort -u)"
  for project in $projects; do
    if [ -d "$DOKPLOY_ROOT/etc-dokploy/compose/$project" ]; then
      docker compose -p "$project" down --remove-orphans >/dev/null 2>&1 ||
        docker rm -f $(docker ps -aq --filter "label=com.docker.compose.project=$project") >/dev/null
      echo "removed compose stack $project"
    fi
  done
fi

if was_started postgres; then
  pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
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
