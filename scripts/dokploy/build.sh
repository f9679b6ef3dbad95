#!/usr/bin/env bash
# Builds Dokploy from ../shared/dokploy's tarball into the machine's cache, once per tarball and
# Node major: extract, add the stand-ins for the source-available folders the tarball leaves out
# (scripts/dokploy/overlay), drop the Google font download, pnpm install, build the server bundle
# and the Next.js app. A finished build is marked with .built; anything else is rebuilt.
# Usage: build.sh  (prints the build directory on its last line)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

if [ -f "$DOKPLOY_BUILD/.built" ]; then
  echo "$DOKPLOY_BUILD"
  exit 0
fi

rm -rf "$DOKPLOY_BUILD"
mkdir -p "$DOKPLOY_BUILD"
tar -xzf "$DOKPLOY_TARBALL" -C "$DOKPLOY_BUILD"
cp -R "$here/overlay/." "$DOKPLOY_BUILD/"
# next/font/google downloads Inter at build time (no internet here): use the system font stack.
sed -i -e '/from "next\/font\/google"/d' \
  -e 's/^const inter = Inter(.*$/const inter = { style: { fontFamily: "ui-sans-serif, system-ui, sans-serif" } };/' \
  "$DOKPLOY_BUILD/apps/dokploy/pages/_app.tsx"
if grep -q 'next/font' "$DOKPLOY_BUILD/apps/dokploy/pages/_app.tsx"; then
  echo "build.sh: could not remove next/font from apps/dokploy/pages/_app.tsx" >&2
  exit 1
fi

cd "$DOKPLOY_BUILD"
export PATH="$KIT_NODE_DIR/bin:$PATH"
# Native modules (bcrypt, better-sqlite3, cpu-features, ssh2, node-pty) compile against Node 24's
# own headers; their prebuilt downloads fail fast here.
export npm_config_nodedir="$KIT_NODE_DIR"
export CI=true
phase "pnpm install"
"$PNPM" install --frozen-lockfile --filter "dokploy..." --store-dir "$DOKPLOY_CACHE/pnpm-store" --reporter=append-only
export NODE_ENV=production
phase "build @dokploy/server"
"$PNPM" --filter=@dokploy/server build
phase "build apps/dokploy (server bundle + next build)"
NEXT_TELEMETRY_DISABLED=1 "$PNPM" --filter=./apps/dokploy run build
phase_end
touch "$DOKPLOY_BUILD/.built"
echo "$DOKPLOY_BUILD"
