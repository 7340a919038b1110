#!/usr/bin/env bash
# Builds the extension and runs it in the real Keycloak distribution, in the foreground (Ctrl-C stops it):
#
#   ./run-keycloak.sh
#   KC_VERSION=26.5.6 ./run-keycloak.sh
#
# Then: http://localhost:8080/admin (admin / admin), realm 'dpop-demo' (user demo / demo; clients native-app,
# strict-app, backend-service); health and metrics on the management port (http://localhost:9000/health/ready,
# /metrics). Once the server is ready, the master realm's admin theme is set to 'dpop-admin' (this is a sandbox),
# so the console shows the DPoP setting. Needs only Java 17+ and Maven (and curl for that last step): the Keycloak
# distribution comes from Maven like any other dependency. Everything is written under target/run/.
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

# Once the server is ready: select the dpop-admin console theme for the master realm (the console is drawn with
# the admin theme of the realm one logs in to), if this Keycloak offers it. Runs beside the server; quits when the
# server is gone ($$ is the server after the exec below).
select_admin_theme() {
  local ready_url="http://$local_host:$mgmt_port/health/ready"
  local kcadm="$home/bin/kcadm.sh"
  local config=target/run/kcadm.config
  local control="realm dpop-demo → Clients → native-app (any public client) → Settings → Capability config"
  if ! command -v curl >/dev/null 2>&1; then
    echo "==> no curl: select the theme yourself: $kcadm update realms/master -s adminTheme=dpop-admin"
    return
  fi
  until curl -fsS -o /dev/null "$ready_url" 2>/dev/null; do
    kill -0 $$ 2>/dev/null || return 0
    sleep 2
  done
  if ! "$kcadm" config credentials --config "$config" --server "http://$local_host:$port" \
      --realm master --user admin --password admin >/dev/null 2>&1; then
    echo "==> could not log in with kcadm.sh as admin: admin theme left as it is"
    return
  fi
  if "$kcadm" get serverinfo --config "$config" --fields 'themes(admin(name))' 2>/dev/null \
      | grep -q '"dpop-admin"'; then
    "$kcadm" update realms/master --config "$config" -s adminTheme=dpop-admin
    cat <<EOF
==> ready. Admin theme of the master realm: dpop-admin (this demo only; on your servers see README, Admin console)
    the DPoP setting:  http://$shown_host:$port/admin → $control
EOF
  else
    cat <<EOF
==> ready. Keycloak $version offers no dpop-admin theme: the stock console, without the DPoP control.
    Set the client attribute instead, e.g.:
    $kcadm update clients/<id> -r dpop-demo --config $config -s 'attributes."dpop.refresh.binding"=optional'
EOF
  fi
}

cat <<EOF
==> starting Keycloak $version with the extension (first start: about a minute, Keycloak builds itself)
    admin console:  http://$shown_host:$port/admin            admin / admin
    demo realm:     http://$shown_host:$port/realms/dpop-demo   user demo / demo
    account page:   http://$shown_host:$port/realms/dpop-demo/account
    health:         http://$shown_host:$mgmt_port/health/ready   (also /health/live, /health/started)
    metrics:        http://$shown_host:$mgmt_port/metrics
    DPoP setting:   admin console → realm dpop-demo → Clients → native-app → Settings → Capability config
                    (the dpop-admin theme is selected for the master realm once the server is ready)
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
