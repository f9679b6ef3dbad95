#!/usr/bin/env bash
# The fixtures' images, made locally (no Docker Hub here) and pushed to the local registry:
#   kit/base:1       a busybox rootfs (Debian's busybox-static)
#   kit/web:v1, :v2  busybox httpd on $PORT (8080) serving /health ("ok"), /version ("<APP_NAME> v1")
#                    and /env (the container's environment, so tests can see what Dokploy set)
#   kit/redis:7      Debian's redis-server with the libraries it links (a Redis-compatible service)
#   kit/web:crash    prints one line and exits 1 at once (a crash loop under Swarm's restart policy)
#   kit/web:late-crash  serves like v2 for 6 s, then exits 3 (fails after Dokploy says done)
#   kit/web:unhealthy   serves like v2, but its HEALTHCHECK always fails (Swarm replaces the task)
# Idempotent: an image already in the registry is not rebuilt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
registry="127.0.0.1:$REGISTRY_PORT"

in_registry() { curl -fsS -o /dev/null "http://$registry/v2/$1/manifests/$2" -H "Accept: application/vnd.docker.distribution.manifest.v2+json" 2>/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! in_registry kit/base 1; then
  rootfs="$work/base"
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/www" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
  tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$registry/kit/base:1" >/dev/null
  docker push -q "$registry/kit/base:1" >/dev/null
  echo "pushed $registry/kit/base:1"
fi

for version in v1 v2; do
  in_registry kit/web "$version" && continue
  ctx="$work/web-$version"
  mkdir -p "$ctx"
  echo "$version" >"$ctx/version"
  cat >"$ctx/start" <<'EOF'
#!/bin/sh
echo "${APP_NAME:-web} $(cat /version)" > /www/version
env | sort > /www/env
echo ok > /www/health
echo "serving ${APP_NAME:-web} $(cat /version) on ${PORT:-8080}"
exec httpd -f -v -p "${PORT:-8080}" -h /www
EOF
  chmod +x "$ctx/start"
  printf 'FROM %s/kit/base:1\nCOPY version start /\nCMD ["/start"]\n' "$registry" >"$ctx/Dockerfile"
  docker build -q -t "$registry/kit/web:$version" "$ctx" >/dev/null 2>&1
  docker push -q "$registry/kit/web:$version" >/dev/null
  echo "pushed $registry/kit/web:$version"
done

# The faulty variants of kit/web, for the running check and rollbacks (issue 12).
faulty_web() {
  local tag="$1" start="$2" extra="${3:-}"
  in_registry kit/web "$tag" && return 0
  local ctx="$work/web-$tag"
  mkdir -p "$ctx"
  echo "$tag" >"$ctx/version"
  printf '%s\n' '#!/bin/sh' "$start" >"$ctx/start"
  chmod +x "$ctx/start"
  printf 'FROM %s/kit/base:1\nCOPY version start /\n%bCMD ["/start"]\n' "$registry" "$extra" >"$ctx/Dockerfile"
  docker build -q -t "$registry/kit/web:$tag" "$ctx" >/dev/null 2>&1
  docker push -q "$registry/kit/web:$tag" >/dev/null
  echo "pushed $registry/kit/web:$tag"
}
serve='echo ok > /www/health; echo "${APP_NAME:-web} $(cat /version)" > /www/version'
faulty_web crash 'echo "${APP_NAME:-web} crash: missing setting KIT_REQUIRED, exiting"; exit 1'
faulty_web late-crash "$serve; httpd -p \"\${PORT:-8080}\" -h /www; echo \"serving for 6s\"; sleep 6; echo 'late-crash: lost the database, exiting'; exit 3"
faulty_web unhealthy "$serve; echo 'serving, health check fails'; exec httpd -f -v -p \"\${PORT:-8080}\" -h /www" \
  'HEALTHCHECK --interval=2s --timeout=1s --retries=2 --start-period=1s CMD ["/bin/false"]\n'

if ! in_registry kit/redis 7; then
  rootfs="$work/redis"
  mkdir -p "$rootfs/usr/bin" "$rootfs/data" "$rootfs/tmp" "$rootfs/etc"
  cp /usr/bin/redis-server "$rootfs/usr/bin/"
  for lib in $(ldd /usr/bin/redis-server | grep -o '/[^ ]*'); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/usr/bin/redis-server", "--protected-mode", "no", "--dir", "/data"]' - "$registry/kit/redis:7" >/dev/null
  docker push -q "$registry/kit/redis:7" >/dev/null
  echo "pushed $registry/kit/redis:7"
fi
