package io.github.dpoprefresh.keycloak;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.github.dpoprefresh.proof.ProofValidator;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;
import org.keycloak.utils.StringUtil;

/**
 * Every difference between the supported Keycloak versions that the extension meets, each in one method named by
 * version. The jar is compiled against 26.7.3; what 26.4.x and 26.5.x lack is never called there.
 */
final class KeycloakDifferences {

    /** 26.7.0 and later: {@code TokenEndpoint} strips control characters from the form before the grants read it. */
    static final boolean TOKEN_FORM_SANITIZED;

    /** 26.7.0 and later: a refresh token's {@code cnf} names the kind of binding ({@code kc-jkt-type}). */
    static final boolean JKT_TYPE;

    /** {@code Cors.checkAllowedOrigins(session, client)} in 26.7, {@code Cors.allowedOrigins(session, client)} before. */
    private static final MethodHandle ALLOWED_ORIGINS;

    static {
        boolean at267 = KeycloakVersion.runningAtLeast(26, 7);
        TOKEN_FORM_SANITIZED = at267;
        JKT_TYPE = at267;
        ALLOWED_ORIGINS = allowedOriginsMethod(at267 ? "checkAllowedOrigins" : "allowedOrigins");
    }

    private KeycloakDifferences() {
    }

    /**
     * A parameter of a token request as Keycloak's grants read it ({@code TokenEndpoint.processGrantRequest}): from
     * 26.7 on with control characters and ANSI sequences removed ({@code TokenEndpoint.sanitizeFormParameters}).
     */
    static String grantParameter(KeycloakSession session, String name) {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        String value = form == null ? null : form.getFirst(name);
        return TOKEN_FORM_SANITIZED ? sanitized(value) : value;
    }

    /**
     * {@code StringUtil.removeControlCharacters}, which runs five regular expressions; a value of only base64url
     * characters and dots, as every token is, has none of what they remove (control characters, {@code %}, {@code [}).
     */
    static String sanitized(String value) {
        return value == null || ProofValidator.isBase64UrlOrDot(value) ? value : StringUtil.removeControlCharacters(value);
    }

    /** The kind of key a refresh token is bound to, or null where Keycloak does not say (26.4, 26.5: always DPoP). */
    static String jktType(AccessToken.Confirmation cnf) {
        return JKT_TYPE ? cnf.getJktType() : null;
    }

    /** Lets the client's web origins read the response. */
    static Cors allowedOrigins(Cors cors, KeycloakSession session, ClientModel client) {
        try {
            return (Cors) ALLOWED_ORIGINS.invoke(cors, session, client);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle allowedOriginsMethod(String name) {
        try {
            return MethodHandles.publicLookup().findVirtual(Cors.class, name,
                    MethodType.methodType(Cors.class, KeycloakSession.class, ClientModel.class));
        } catch (ReflectiveOperationException e) {
            // KeycloakContract refuses to start without it
            return null;
        }
    }

    /** What {@link KeycloakContract} checks at start: null when everything above is there. */
    static String missing() {
        return ALLOWED_ORIGINS == null ? "Cors." + (TOKEN_FORM_SANITIZED ? "checkAllowedOrigins" : "allowedOrigins")
                + "(KeycloakSession, ClientModel)" : null;
    }
}
