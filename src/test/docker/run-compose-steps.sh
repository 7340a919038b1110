#!/usr/bin/env bash
# Runs docker-compose.yml's steps without a Docker engine, on the unpacked Keycloak distribution of the compose file's
# image tag (what the image's /opt/keycloak holds), and checks their result: the same as ./run-keycloak.sh's, every
# realm's admin theme dpop-admin:
#
#   mvn -B package -DskipTests && src/test/docker/run-compose-steps.sh
#
#   keycloak       the service's command (start-dev ...) with the jar in providers/ and realm-export/ in
#                  data/import, on free ports
#   healthcheck    scripts/select-admin-theme.sh ready (bash's /dev/tcp against the management port: the image has
#                  no curl), as the service's healthcheck runs it, until it passes; it must fail before the start
#   admin-theme    the one-shot service's entrypoint, scripts/select-admin-theme.sh, with its environment (the
#                  server's address from here instead of the service name) and the distribution's kcadm.sh
#   checks         every realm's adminTheme is dpop-admin; the master console page loads our module
#
# Not checked here: the images, volumes, ports and depends_on, which need Docker. Everything is written under
# target/compose-steps/ and stopped at the end. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../../.."

compose=docker-compose.yml
script=scripts/select-admin-theme.sh
version=$(sed -n 's|^ *image: quay.io/keycloak/keycloak:||p' "$compose" | sort -u)
if [ "$(wc -l <<<"$version")" != 1 ]; then
  echo "the services of $compose use different Keycloak images: $version" >&2
  exit 1
fi
work=$PWD/target/compose-steps
kc=$work/opt/keycloak
jar=target/keycloak-dpop-refresh.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }

# the lines of the compose file these steps stand for: fail when they change without this script
for line in \
    'test: ["CMD", "bash", "/opt/dpop/select-admin-theme.sh", "ready"]' \
    'entrypoint: ["bash", "/opt/dpop/select-admin-theme.sh"]' \
    '- ./scripts/select-admin-theme.sh:/opt/dpop/select-admin-theme.sh:ro' \
    'condition: service_healthy' \
    'KEYCLOAK_URL: http://keycloak:8080' \
    'HEALTH_HOST: keycloak' \
    'HEALTH_PORT: "9000"'; do
  grep -qF -- "$line" "$compose" || { echo "$compose has no line '$line': update $0" >&2; exit 1; }
done
# the keycloak service's command, e.g. ["start-dev", "--import-realm", ...], as words
command=$(sed -n 's|^ *command: \[\(.*\)\]$|\1|p' "$compose" | head -n 1 | tr -d '",')
[ -n "$command" ] || { echo "no command of the keycloak service in $compose" >&2; exit 1; }

free_port() {
  local p=$1
  while (: >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
port=$(free_port 18380)
mgmt_port=$(free_port 19380)

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  done
}
trap cleanup EXIT

echo "==> image keycloak:$version = the unpacked distribution"
mvn -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
  -DoutputDirectory=target/keycloak-dist
rm -rf "$work"
mkdir -p "$work/opt"
cp -a "target/keycloak-dist/keycloak-$version" "$kc"
cp "$jar" "$kc/providers/"
mkdir -p "$kc/data/import"
cp realm-export/*.json "$kc/data/import/"

healthcheck() {
  HEALTH_HOST=127.0.0.1 HEALTH_PORT=$mgmt_port bash "$script" ready
}
failed=0
check() {
  if "${@:2}"; then echo "    ok    $1"; else echo "    FAIL  $1"; failed=1; fi
}
check "the healthcheck fails while nothing listens" bash -c "! HEALTH_PORT=$mgmt_port bash $script ready"

echo "==> service keycloak: kc.sh $command on http://127.0.0.1:$port, management $mgmt_port"
# shellcheck disable=SC2086 # the command's words
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$kc/bin/kc.sh" $command --http-port="$port" --http-management-port="$mgmt_port" >"$work/keycloak.log" 2>&1 &
pids+=($!)

echo "==> healthcheck: bash $script ready (every 5 s, 60 retries)"
tries=0
until healthcheck; do
  tries=$((tries + 1))
  if ! kill -0 "${pids[-1]}" 2>/dev/null || [ "$tries" -gt 90 ]; then
    echo "Keycloak did not get healthy:" >&2
    tail -n 40 "$work/keycloak.log" >&2
    exit 1
  fi
  sleep 5
done

echo "==> service admin-theme: bash $script (after keycloak is healthy)"
KEYCLOAK_URL="http://127.0.0.1:$port" HEALTH_HOST=127.0.0.1 HEALTH_PORT="$mgmt_port" KCADM="$kc/bin/kcadm.sh" \
  ADMIN_USER=admin ADMIN_PASSWORD=admin HOME="$work" bash "$script" | tee "$work/admin-theme.log"

echo "==> checks"
config=$work/kcadm.config
"$kc/bin/kcadm.sh" config credentials --config "$config" --server "http://127.0.0.1:$port" --realm master \
  --user admin --password admin >/dev/null 2>&1
for realm in $("$kc/bin/kcadm.sh" get realms --config "$config" --fields realm --format csv --noquotes); do
  theme=$("$kc/bin/kcadm.sh" get "realms/$realm" --config "$config" --fields adminTheme --format csv --noquotes)
  check "realm $realm: admin theme dpop-admin" test "$theme" = dpop-admin
done
page=$(exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /admin/master/console/ HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$port" >&3
  cat <&3)
check "the master console page loads the theme's module" grep -q '/admin/dpop-admin/js/dpop-refresh.js' <<<"$page"

if [ "$failed" != 0 ]; then
  echo "==> FAILED (logs in $work)"
  exit 1
fi
echo "==> docker-compose.yml's steps work on Keycloak $version (logs in $work)"
