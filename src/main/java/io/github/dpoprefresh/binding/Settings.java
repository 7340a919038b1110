package io.github.dpoprefresh.binding;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.dpoprefresh.proof.ProofPolicy;

/**
 * Server-wide settings, read once at start from {@code --spi-dpop-refresh--default--<option>} (or
 * {@code KC_SPI_DPOP_REFRESH__DEFAULT__<OPTION>}). An invalid value stops the server at start.
 *
 * @param policy                  what a proof must satisfy
 * @param unboundRefreshWithProof what a proof on the refresh of an unbound refresh token does
 * @param nonceLifetimeSeconds    length of one server-nonce time step
 * @param figuresFlushSeconds     how often each node writes the rollout figures it counted to the database
 */
public record Settings(ProofPolicy policy, UnboundRefresh unboundRefreshWithProof, int nonceLifetimeSeconds,
        int figuresFlushSeconds) {

    /** The SPI and the id of its one provider: options are {@code --spi-dpop-refresh--default--<option>}. */
    public static final String SPI = "dpop-refresh";
    public static final String PROVIDER = "default";

    static final String MAX_AGE = "max-age";
    static final String CLOCK_SKEW = "clock-skew";
    static final String ALGORITHMS = "algorithms";
    static final String UNBOUND_REFRESH_WITH_PROOF = "unbound-refresh-with-proof";
    static final String NONCE_LIFETIME = "nonce-lifetime";
    static final String FIGURES_FLUSH_INTERVAL = "figures-flush-interval";
    /** Lets an untested newer Keycloak start, at the operator's own risk (read by the start-up version check). */
    public static final String ALLOW_UNTESTED_KEYCLOAK = "allow-untested-keycloak";

    static final int DEFAULT_NONCE_LIFETIME_SECONDS = 60;
    static final int DEFAULT_FIGURES_FLUSH_SECONDS = 60;

    /** What happens when an unbound refresh token is refreshed with a valid proof. */
    public enum UnboundRefresh {
        /** the new refresh token is bound to the proof key: the migration path for apps that add DPoP later */
        BIND,
        /** the new refresh token stays unbound; the proof is still checked */
        KEEP_UNBOUND;

        String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static Settings defaults() {
        return new Settings(ProofPolicy.defaults(), UnboundRefresh.BIND, DEFAULT_NONCE_LIFETIME_SECONDS,
                DEFAULT_FIGURES_FLUSH_SECONDS);
    }

    public static Settings from(Function<String, String> config) {
        ProofPolicy defaults = ProofPolicy.defaults();
        int maxAge = seconds(config, MAX_AGE, defaults.maxAgeSeconds(), 1);
        int clockSkew = seconds(config, CLOCK_SKEW, defaults.clockSkewSeconds(), 0);
        Set<String> algorithms = algorithms(config.apply(ALGORITHMS));
        UnboundRefresh unbound = choice(config, UNBOUND_REFRESH_WITH_PROOF, UnboundRefresh.BIND, UnboundRefresh.values(),
                UnboundRefresh::option);
        int nonceLifetime = seconds(config, NONCE_LIFETIME, DEFAULT_NONCE_LIFETIME_SECONDS, 1);
        int figuresFlush = seconds(config, FIGURES_FLUSH_INTERVAL, DEFAULT_FIGURES_FLUSH_SECONDS, 1);
        return new Settings(new ProofPolicy(algorithms, maxAge, clockSkew, defaults.maxLength()), unbound, nonceLifetime,
                figuresFlush);
    }

    /** The effective values, for the server info page. */
    public Map<String, String> describe() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(MAX_AGE, policy.maxAgeSeconds() + " s");
        info.put(CLOCK_SKEW, policy.clockSkewSeconds() + " s");
        info.put(ALGORITHMS, String.join(",", new TreeSet<>(policy.allowedAlgorithms())));
        info.put(UNBOUND_REFRESH_WITH_PROOF, unboundRefreshWithProof.option());
        info.put(NONCE_LIFETIME, nonceLifetimeSeconds + " s");
        info.put(FIGURES_FLUSH_INTERVAL, figuresFlushSeconds + " s");
        return info;
    }

    /**
     * A server option as the admin console's provider info lists it.
     *
     * @param type    {@code int}, {@code string} or {@code boolean}
     * @param choices the values it may take, or empty
     */
    public record Option(String name, String type, Object defaultValue, String help, List<String> choices) {
    }

    /** Every server option, with its default and help text. */
    public static List<Option> options() {
        ProofPolicy defaults = ProofPolicy.defaults();
        return List.of(
                new Option(MAX_AGE, "int", defaults.maxAgeSeconds(),
                        "How old a DPoP proof may be, in seconds, by its iat (clock skew is added on top).", List.of()),
                new Option(CLOCK_SKEW, "int", defaults.clockSkewSeconds(),
                        "Tolerated difference between a client's clock and the server's, in seconds, both ways.",
                        List.of()),
                new Option(ALGORITHMS, "string", String.join(",", new TreeSet<>(ProofPolicy.ALL_ALGORITHMS)),
                        "Comma-separated JWS algorithms accepted for DPoP proofs.", List.of()),
                new Option(UNBOUND_REFRESH_WITH_PROOF, "string", UnboundRefresh.BIND.option(),
                        "bind: an unbound refresh token refreshed with a DPoP proof becomes bound to the proof key; "
                                + "keep-unbound: it stays unbound (the proof is still checked).",
                        Arrays.stream(UnboundRefresh.values()).map(UnboundRefresh::option).toList()),
                new Option(NONCE_LIFETIME, "int", DEFAULT_NONCE_LIFETIME_SECONDS,
                        "Time step of server-provided DPoP nonces, in seconds: a nonce is accepted for one to two steps.",
                        List.of()),
                new Option(FIGURES_FLUSH_INTERVAL, "int", DEFAULT_FIGURES_FLUSH_SECONDS,
                        "How often each node writes the rollout figures it counted to the database, in seconds: a crash "
                                + "loses at most this long of one node's counts.", List.of()),
                new Option(ALLOW_UNTESTED_KEYCLOAK, "boolean", false,
                        "true lets the extension start on a newer Keycloak than it is tested with, at your own risk.",
                        List.of()));
    }

    private static int seconds(Function<String, String> config, String name, int defaultValue, int minimum) {
        String value = config.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= minimum && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, value, "a whole number of seconds from " + minimum + " to 3600");
    }

    private static Set<String> algorithms(String value) {
        if (value == null || value.isBlank()) {
            return ProofPolicy.ALL_ALGORITHMS;
        }
        Set<String> algorithms = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (algorithms.isEmpty() || !ProofPolicy.ALL_ALGORITHMS.containsAll(algorithms)) {
            throw invalid(ALGORITHMS, value, "a comma-separated subset of " + new TreeSet<>(ProofPolicy.ALL_ALGORITHMS));
        }
        return algorithms;
    }

    private static <T> T choice(Function<String, String> config, String name, T defaultValue, T[] values,
            Function<T, String> option) {
        String value = config.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return Options.parse(values, option, value).orElseThrow(
                () -> invalid(name, value, "one of " + Arrays.stream(values).map(option).toList()));
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException("Invalid value '" + value + "' for " + option(name) + ": expected " + expected);
    }

    /** The command-line spelling of one of our server options. */
    public static String option(String name) {
        return "--spi-" + SPI + "--" + PROVIDER + "--" + name;
    }
}
