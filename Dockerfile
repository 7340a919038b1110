# An optimised Keycloak image with the extension, built the way Keycloak's container guide does it: a builder stage
# puts the jar into providers/ and runs `kc.sh build` with the build options; the final image starts with
# `start --optimized` (no build step at start).
#
#   mvn -B package -DskipTests
#   docker build -t keycloak-dpop-refresh:26.7.5 .
#   docker build --build-arg KEYCLOAK_VERSION=26.7.3 -t keycloak-dpop-refresh:26.7.3 .
#
# The runtime options (hostname, database URL and credentials, TLS, ...) are given when the container starts, e.g.
# by the Keycloak Operator (README, Production). The builder stage's ENV lines are the build options: one KC_ variable
# per ENV line (src/test/docker/run-dockerfile-steps.sh reads them to run these steps without Docker).
ARG KEYCLOAK_VERSION=26.7.5

FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS builder
ENV KC_DB=postgres
ENV KC_HEALTH_ENABLED=true
ENV KC_METRICS_ENABLED=true
WORKDIR /opt/keycloak
COPY --chown=keycloak:keycloak target/keycloak-dpop-refresh.jar /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
