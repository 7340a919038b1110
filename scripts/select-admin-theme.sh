#!/usr/bin/env bash
# Makes dpop-admin the admin theme of every realm of a running Keycloak, with the distribution's kcadm.sh, once the
# server is ready. Used by ./run-keycloak.sh and by docker-compose.yml (its one-shot service 'admin-theme', and the
# healthcheck of 'keycloak' with the argument 'ready'). The official Keycloak image has no curl: readiness is a
# GET /health/ready on the management port through bash's /dev/tcp.
#
#   select-admin-theme.sh          wait until ready (up to WAIT_SECONDS), log in, set adminTheme on every realm
#   select-admin-theme.sh ready    exit 0 when /health/ready answers 200 now, else 1 (a healthcheck)
#
# Environment (defaults in brackets):
#   KEYCLOAK_URL        the server for kcadm.sh                          [http://127.0.0.1:8080]
#   HEALTH_HOST         host of the management port                      [127.0.0.1]
#   HEALTH_PORT         management port                                  [9000]
#   KCADM               kcadm.sh                                         [/opt/keycloak/bin/kcadm.sh]
#   KCADM_CONFIG        kcadm.sh's config file (holds tokens: keep private) [a file in a new temporary folder]
#   ADMIN_USER, ADMIN_PASSWORD   an admin of the master realm            [admin, admin]
#   WAIT_SECONDS        how long to wait for readiness                   [300]
#   WATCH_PID           stop waiting when this process is gone           [none]
set -euo pipefail

server=${KEYCLOAK_URL:-http://127.0.0.1:8080}
health_host=${HEALTH_HOST:-127.0.0.1}
health_port=${HEALTH_PORT:-9000}
kcadm=${KCADM:-/opt/keycloak/bin/kcadm.sh}
wait_seconds=${WAIT_SECONDS:-300}
theme=dpop-admin

# 0 when GET /health/ready on the management port answers 200; in a subshell, so that a refused connection only
# fails this test
ready() {
  (
    exec 3<>"/dev/tcp/$health_host/$health_port"
    printf 'GET /health/ready HTTP/1.0\r\nHost: %s\r\n\r\n' "$health_host" >&3
    read -r -t 10 _ status _ <&3   # "HTTP/1.1 200 OK"
    [ "$status" = 200 ]
  ) 2>/dev/null
}

if [ "${1:-}" = ready ]; then
  ready
  exit
fi

deadline=$((SECONDS + wait_seconds))
until ready; do
  if [ -n "${WATCH_PID:-}" ] && ! kill -0 "$WATCH_PID" 2>/dev/null; then
    exit 0
  fi
  if [ "$SECONDS" -gt "$deadline" ]; then
    echo "==> Keycloak not ready on $health_host:$health_port after ${wait_seconds}s: admin theme not set" >&2
    exit 1
  fi
  sleep 2
done

config=${KCADM_CONFIG:-}
if [ -z "$config" ]; then
  config_dir=$(mktemp -d)
  trap 'rm -rf "$config_dir"' EXIT
  config=$config_dir/kcadm.config
fi
if ! "$kcadm" config credentials --config "$config" --server "$server" --realm master \
    --user "${ADMIN_USER:-admin}" --password "${ADMIN_PASSWORD:-admin}" >/dev/null 2>&1; then
  echo "==> could not log in to $server with kcadm.sh as ${ADMIN_USER:-admin}: admin theme left as it is" >&2
  exit 1
fi
realms=$("$kcadm" get realms --config "$config" --fields realm --format csv --noquotes)
for realm in $realms; do
  "$kcadm" update "realms/$realm" --config "$config" -s adminTheme="$theme"
  echo "==> admin theme of realm '$realm': $theme"
done
