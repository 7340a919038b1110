#!/usr/bin/env bash
# Builds the extension and runs it in the real Keycloak distribution, in the foreground (Ctrl-C stops it):
#
#   ./run-keycloak.sh
#
# Then: http://localhost:8080/admin (admin / admin), realm 'dpop-demo' (user demo / demo; clients native-app,
# strict-app, backend-service). Needs only Java 17+ and Maven: the Keycloak distribution comes from Maven like any
# other dependency. Everything is written under target/run/.
#
# Environment:
#   KC_PORT        HTTP port                                    (default 8080)
#   KC_MGMT_PORT   management port (health, metrics)            (default 9000)
#   KC_HOST        address to listen on; 0.0.0.0 for all        (default 127.0.0.1)
#   KC_EXTRA_ARGS  more kc.sh options, e.g. "--features-disabled=dpop" or "--metrics-enabled=true"
#   KC_LOG_LEVEL   --log-level value                            (default INFO,io.github.dpoprefresh:debug)
#   KC_KEEP_DATA   1 keeps the database of the previous run; by default each run starts empty and imports
#                  realm-export/*.json again
set -euo pipefail
cd "$(dirname "$0")"

port=${KC_PORT:-8080}
mgmt_port=${KC_MGMT_PORT:-9000}
host=${KC_HOST:-127.0.0.1}
extra_args=${KC_EXTRA_ARGS:-}
log_level=${KC_LOG_LEVEL:-INFO,io.github.dpoprefresh:debug}
keep_data=${KC_KEEP_DATA:-0}
# these are ours, not Keycloak options: Keycloak must not see them
unset KC_PORT KC_MGMT_PORT KC_HOST KC_EXTRA_ARGS KC_LOG_LEVEL KC_KEEP_DATA

version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
dist=target/keycloak-dist/keycloak-$version
home=target/run/keycloak-$version
jar=target/keycloak-dpop-refresh.jar

echo "==> building the extension and unpacking Keycloak $version (Maven)"
mvn -B -q package dependency:unpack@unpack-keycloak -DskipTests

if [ ! -x "$home/bin/kc.sh" ]; then
  echo "==> copying the distribution to $home"
  rm -rf "$home"
  mkdir -p "$(dirname "$home")"
  cp -a "$dist" "$home"
fi

# Keycloak re-runs its build step when a provider's timestamp changes: copy the jar only when its bytes changed
if ! cmp -s "$jar" "$home/providers/$(basename "$jar")"; then
  cp -p "$jar" "$home/providers/"
fi

if [ "$keep_data" != "1" ]; then
  rm -rf "$home/data"
fi
mkdir -p "$home/data/import"
cp realm-export/*.json "$home/data/import/"

shown_host=$host
if [ "$host" = "127.0.0.1" ] || [ "$host" = "0.0.0.0" ]; then
  shown_host=localhost
fi
cat <<EOF
==> starting Keycloak $version with the extension (first start: about a minute, Keycloak builds itself)
    admin console:  http://$shown_host:$port/admin            admin / admin
    demo realm:     http://$shown_host:$port/realms/dpop-demo   user demo / demo
    account page:   http://$shown_host:$port/realms/dpop-demo/account
    extra options:  ${extra_args:-(none)}
    log level:      $log_level
EOF

export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
# shellcheck disable=SC2086 # KC_EXTRA_ARGS is split into options on purpose
exec "$home/bin/kc.sh" start-dev \
  --http-host="$host" \
  --http-port="$port" \
  --http-management-port="$mgmt_port" \
  --import-realm \
  --log-level="$log_level" \
  $extra_args
