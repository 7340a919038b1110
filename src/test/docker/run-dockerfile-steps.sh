#!/usr/bin/env bash
# Runs the Dockerfile's steps without a Docker engine, on the unpacked Keycloak distribution (what the official
# image's /opt/keycloak holds), and checks that the result starts optimised and answers its health checks:
#
#   mvn -B package -DskipTests && src/test/docker/run-dockerfile-steps.sh [keycloak-version]
#
#   builder stage   the builder stage's ENV lines as build options, the jar copied into providers/, kc.sh build
#   final stage     kc.sh start --optimized with the runtime options a deployment gives (database, hostname,
#                   HTTP without TLS here, the bootstrap admin), on a throwaway PostgreSQL (Debian's binaries,
#                   as for the cluster tests) when the Dockerfile builds for postgres
#   checks          /health/ready, /health/live, /health/started and /metrics on the management port; the
#                   extension is in the server info; no build step ran at start
#
# Not checked here: the image itself (FROM, COPY --from, the user keycloak, ENTRYPOINT/CMD), which needs Docker.
# Everything is written under target/dockerfile-steps/ and stopped at the end. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../../.."

version=${1:-$(sed -n 's/^ARG KEYCLOAK_VERSION=//p' Dockerfile)}
work=$PWD/target/dockerfile-steps
kc=$work/opt/keycloak
jar=target/keycloak-dpop-refresh.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }

free_port() {
  local p=$1
  while (: >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
port=$(free_port 18280)
mgmt_port=$(free_port 19280)
pg_port=$(free_port 15480)

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

echo "==> builder stage: FROM keycloak $version = the unpacked distribution"
mvn -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
  -DoutputDirectory=target/keycloak-dist
rm -rf "$work"
mkdir -p "$work/opt"
cp -a "target/keycloak-dist/keycloak-$version" "$kc"

# ENV KC_...=... lines of the builder stage (between 'FROM ... AS builder' and the next FROM)
build_env=$(awk '/^FROM .* AS builder/ { b = 1; next } /^FROM / { b = 0 } b && /^ENV KC_[A-Z0-9_]+=[^ ]+$/ { print $2 }' Dockerfile)
[ -n "$build_env" ] || { echo "no ENV KC_...=... lines in the builder stage of the Dockerfile" >&2; exit 1; }
while IFS= read -r assignment; do
  echo "    ENV $assignment"
  export "${assignment?}"
done <<<"$build_env"

echo "==> COPY $jar /opt/keycloak/providers/"
cp "$jar" "$kc/providers/"
echo "==> RUN kc.sh build"
"$kc/bin/kc.sh" build >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; exit 1; }
tail -n 3 "$work/build.log"

db_opts=()
if [ "${KC_DB:-dev-file}" = "postgres" ]; then
  echo "==> a throwaway PostgreSQL on 127.0.0.1:$pg_port (the database a deployment gives)"
  pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [ -x "$pg_bin/postgres" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }
  as_pg=()
  if [ "$(id -u)" = "0" ]; then
    as_pg=(runuser -u postgres --)  # PostgreSQL refuses to run as root
  fi
  mkdir -p "$work/pgdata"
  [ "$(id -u)" != "0" ] || chown postgres "$work" "$work/pgdata"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pgdata" -U keycloak --auth=trust >"$work/postgres.log" 2>&1
  "${as_pg[@]}" "$pg_bin/postgres" -D "$work/pgdata" -p "$pg_port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories= -c fsync=off >>"$work/postgres.log" 2>&1 &
  pids+=($!)
  until (: >"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do sleep 1; done
  db_opts=(--db-url="jdbc:postgresql://127.0.0.1:$pg_port/postgres" --db-username=keycloak --db-password=keycloak)
fi

# the final stage copies the built /opt/keycloak as it is; its ENV lines are gone, the build options are baked in
while IFS= read -r assignment; do
  unset "${assignment%%=*}"
done <<<"$build_env"
echo "==> ENTRYPOINT kc.sh, CMD start --optimized (+ runtime options) on http://127.0.0.1:$port, management $mgmt_port"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$kc/bin/kc.sh" start --optimized "${db_opts[@]}" --hostname="http://127.0.0.1:$port" --http-enabled=true \
  --http-host=127.0.0.1 --http-port="$port" --http-management-port="$mgmt_port" >"$work/start.log" 2>&1 &
pids+=($!)

deadline=$((SECONDS + 600))
until curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/health/ready" 2>/dev/null; do
  if ! kill -0 "${pids[-1]}" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
    echo "Keycloak did not get ready:" >&2
    tail -n 40 "$work/start.log" >&2
    exit 1
  fi
  sleep 2
done
grep -m 1 'started in' "$work/start.log"

failed=0
check() {
  if "${@:2}"; then echo "    ok    $1"; else echo "    FAIL  $1"; failed=1; fi
}
status() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
echo "==> checks"
for probe in ready live started; do
  check "/health/$probe answers 200" test "$(status "http://127.0.0.1:$mgmt_port/health/$probe")" = 200
done
check "/metrics has Keycloak's metrics" \
  grep -q '^jvm_memory_used_bytes' <(curl -fsS "http://127.0.0.1:$mgmt_port/metrics")
check "no build step at start (--optimized)" \
  bash -c "! grep -q 'Updating the configuration and installing your custom providers' '$work/start.log'"
token=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "http://127.0.0.1:$port/realms/master/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
check "the extension (dpop-refresh) is in the server info" \
  grep -q '"dpop-refresh"' <(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/admin/serverinfo")

if [ "$failed" != 0 ]; then
  echo "==> FAILED (logs in $work)"
  exit 1
fi
echo "==> the Dockerfile's steps work on Keycloak $version (logs in $work)"
