#!/usr/bin/env bash
# Builds the extension and runs it in the real Keycloak distribution, in the foreground (Ctrl-C stops it):
#
#   ./run-keycloak.sh
#   KC_VERSION=26.5.6 ./run-keycloak.sh
#
# Then: http://localhost:8080/admin (admin / admin), realm 'dpop-demo' (user demo / demo; clients native-app,
# strict-app, nonce-app, backend-service); health and metrics on the management port (http://localhost:9000/health/ready,
# /metrics). Once the server is ready, every realm's admin theme is set to 'dpop-admin' (scripts/select-admin-theme.sh;
# this is a sandbox), so the console, the server's own, shows the DPoP settings on every supported version. Needs only
# Java 17+ and Maven (no Node.js, no curl): the Keycloak distribution comes from Maven like any other dependency.
# Everything is written under target/run/. A first run downloads the distribution (about 170 MB) and Keycloak builds
# itself at its first start; a second run of the same version takes about a minute until the "ready" line (53 s on
# a shared 2-core machine with Keycloak 26.4.7: Maven's build of the jar, Keycloak's start (27 s), the theme).
#
# Environment:
#   KC_VERSION     Keycloak distribution to run                 (default: keycloak.version of pom.xml)
#   KC_PORT        HTTP port                                    (default 8080)
#   KC_MGMT_PORT   management port (health, metrics)            (default 9000)
#   KC_HOST        address to listen on; 0.0.0.0 for all        (default 127.0.0.1)
#   KC_EXTRA_ARGS  more kc.sh options, e.g. "--features-disabled=dpop"
#   KC_LOG_LEVEL   --log-level value                            (default INFO,io.github.dpoprefresh:debug,
#                                                                 io.github.dpoprefresh.shaded.jose4j:info: our debug
#                                                                 lines, not those of the jose4j shaded in the jar)
#   KC_KEEP_DATA   1 keeps the database of the previous run; by default each run starts empty and imports
#                  realm-export/*.json again
set -euo pipefail
cd "$(dirname "$0")"

pom_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
version=${KC_VERSION:-$pom_version}
port=${KC_PORT:-8080}
mgmt_port=${KC_MGMT_PORT:-9000}
host=${KC_HOST:-127.0.0.1}
extra_args=${KC_EXTRA_ARGS:-}
log_level=${KC_LOG_LEVEL:-INFO,io.github.dpoprefresh:debug,io.github.dpoprefresh.shaded.jose4j:info}
keep_data=${KC_KEEP_DATA:-0}
# these are ours, not Keycloak options: Keycloak must not see them
unset KC_VERSION KC_PORT KC_MGMT_PORT KC_HOST KC_EXTRA_ARGS KC_LOG_LEVEL KC_KEEP_DATA

dist=target/keycloak-dist/keycloak-$version
home=target/run/keycloak-$version
jar=target/keycloak-dpop-refresh.jar

echo "==> building the extension and unpacking Keycloak $version (Maven)"
mvn -B -q package dependency:unpack -DskipTests \
  -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory=target/keycloak-dist

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
local_host=$host
if [ "$host" = "127.0.0.1" ] || [ "$host" = "0.0.0.0" ]; then
  shown_host=localhost
  local_host=127.0.0.1
fi

# Once the server is ready: dpop-admin as the admin theme of every realm (the console is drawn with the admin theme
# of the realm one logs in to). Runs beside the server; quits when the server is gone ($$ is the server after the
# exec below).
select_admin_theme() {
  if KEYCLOAK_URL="http://$local_host:$port" HEALTH_HOST="$local_host" HEALTH_PORT="$mgmt_port" \
      KCADM="$home/bin/kcadm.sh" KCADM_CONFIG=target/run/kcadm.config WAIT_SECONDS=1800 WATCH_PID=$$ \
      scripts/select-admin-theme.sh >/dev/null; then
    cat <<EOF
==> ready. Admin theme of every realm: dpop-admin (this demo only; on your servers see README, Admin console)
    the DPoP settings:  http://$shown_host:$port/admin → realm dpop-demo → Clients → native-app → Settings
                        → Capability config (any public OpenID Connect client)
EOF
  fi
}

cat <<EOF
==> starting Keycloak $version with the extension (a first start takes longer: Keycloak builds itself)
    admin console:  http://$shown_host:$port/admin            admin / admin
    demo realm:     http://$shown_host:$port/realms/dpop-demo   user demo / demo
    account page:   http://$shown_host:$port/realms/dpop-demo/account
    health:         http://$shown_host:$mgmt_port/health/ready   (also /health/live, /health/started)
    metrics:        http://$shown_host:$mgmt_port/metrics
    DPoP settings:  admin console → realm dpop-demo → Clients → native-app → Settings → Capability config
                    (the admin theme dpop-admin is selected for every realm once the server is ready)
    extra options:  ${extra_args:-(none)}
    log level:      $log_level
EOF

# in a subshell of its own, so that it is not a child left to the server to reap
( select_admin_theme & )

export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
# shellcheck disable=SC2086 # KC_EXTRA_ARGS is split into options on purpose
exec "$home/bin/kc.sh" start-dev \
  --http-host="$host" \
  --http-port="$port" \
  --http-management-port="$mgmt_port" \
  --health-enabled=true \
  --metrics-enabled=true \
  --import-realm \
  --log-level="$log_level" \
  $extra_args
