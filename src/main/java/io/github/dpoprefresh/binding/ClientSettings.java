package io.github.dpoprefresh.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A client's settings, read once per request from its attributes. The attribute names and values here are the ones
 * the admin theme writes ({@code themes/dpop-admin/admin/resources/js/attributes.js}; a unit test keeps the two
 * equal).
 *
 * <p>A stored value that names nothing fails closed, never weaker than anything it could mean: an unknown binding
 * mode counts as {@link BindingMode#REQUIRED}, an unknown nonce switch as on. An unknown theft response counts as
 * {@link TheftResponse#REJECT}: {@code revoke-session} is not stronger, since it lets whoever holds a copy of a token
 * end the user's session. {@link #problems()} says what was unknown (the client update that stores such a value is
 * refused, so only values imported or stored before this version or behind its back remain).
 *
 * @param mode          {@value #BINDING}
 * @param requireNonce  {@value #REQUIRE_NONCE}
 * @param theftResponse {@value #THEFT_RESPONSE}
 * @param problems      one per attribute whose stored value is unknown; empty when all are valid
 */
public record ClientSettings(BindingMode mode, boolean requireNonce, TheftResponse theftResponse, List<Problem> problems) {

    /** A stored value that names nothing, and what it is read as. */
    public record Problem(String attribute, String value, List<String> allowed, String treatedAs) {

        /** What is wrong, as a client save is refused with it. */
        public String invalid() {
            return attribute + "='" + value + "' is not one of " + allowed;
        }

        @Override
        public String toString() {
            return invalid() + " (treated as " + treatedAs + ")";
        }
    }

    public static final String BINDING = "dpop.refresh.binding";
    public static final String REQUIRE_NONCE = "dpop.refresh.require-nonce";
    public static final String THEFT_RESPONSE = "dpop.refresh.theft-response";

    /** Every attribute with the values it may hold, as the admin theme offers them. */
    public static final List<List<String>> ATTRIBUTES = List.of(
            List.of(BINDING, "off", "optional", "required"),
            List.of(REQUIRE_NONCE, "true", "false"),
            List.of(THEFT_RESPONSE, "reject", "revoke-session"));

    /** Confidential and bearer-only clients: never bound (RFC 9449 §5), whatever their attributes say. */
    public static final ClientSettings NOT_BOUND = new ClientSettings(BindingMode.OFF, false, TheftResponse.REJECT, List.of());

    public ClientSettings {
        problems = List.copyOf(problems);
    }

    /** The settings stored in {@code attributes} (attribute name to value, null when absent). */
    public static ClientSettings read(Function<String, String> attributes) {
        List<Problem> problems = new ArrayList<>();
        BindingMode mode = BindingMode.OFF;
        String value = attributes.apply(BINDING);
        if (value != null && !value.isBlank()) {
            mode = Options.parse(BindingMode.values(), BindingMode::option, value).orElse(null);
            if (mode == null) {
                problems.add(unknown(BINDING, value, "required"));
                mode = BindingMode.REQUIRED;
            }
        }
        boolean requireNonce = false;
        value = attributes.apply(REQUIRE_NONCE);
        if (value != null && !value.isBlank()) {
            requireNonce = !"false".equalsIgnoreCase(value.trim());
            if (requireNonce && !"true".equalsIgnoreCase(value.trim())) {
                problems.add(unknown(REQUIRE_NONCE, value, "true"));
            }
        }
        TheftResponse theftResponse = TheftResponse.REJECT;
        value = attributes.apply(THEFT_RESPONSE);
        if (value != null && !value.isBlank()) {
            theftResponse = Options.parse(TheftResponse.values(), TheftResponse::option, value).orElse(null);
            if (theftResponse == null) {
                problems.add(unknown(THEFT_RESPONSE, value, "reject"));
                theftResponse = TheftResponse.REJECT;
            }
        }
        return new ClientSettings(mode, requireNonce, theftResponse, problems);
    }

    private static Problem unknown(String attribute, String value, String treatedAs) {
        List<String> allowed = ATTRIBUTES.stream().filter(a -> a.get(0).equals(attribute)).findFirst().orElseThrow();
        return new Problem(attribute, value, allowed.subList(1, allowed.size()), treatedAs);
    }
}
