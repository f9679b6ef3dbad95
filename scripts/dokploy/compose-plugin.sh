#!/usr/bin/env bash
# Builds the `docker compose` v2 CLI plugin (Dokploy runs `docker compose` for compose stacks; Debian 12
# packages no v2 plugin) from the Go module proxy into the machine's cache, once. `go install …@v2.40.3`
# is refused (its go.mod has exclude directives), so the module is downloaded and built as the main
# module. Prints the binary's path on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
compose_bin="$DOKPLOY_CACHE/docker-compose-$COMPOSE_VERSION"
if [ ! -x "$compose_bin" ]; then
  export PATH="/usr/local/go/bin:$PATH"
  mkdir -p "$DOKPLOY_CACHE"
  module_dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -R "$module_dir/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
    -o "$compose_bin.partial" ./cmd) >&2
  mv "$compose_bin.partial" "$compose_bin"
fi
echo "$compose_bin"
