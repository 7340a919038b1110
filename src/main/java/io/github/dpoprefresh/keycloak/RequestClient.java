package io.github.dpoprefresh.keycloak;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.util.BasicAuthHelper;

/**
 * The client id a token request names, read the way Keycloak's client authenticator for public clients reads it
 * ({@code ClientIdAndSecretAuthenticator.authenticateClient}, the same in 26.4 to 26.7): the first
 * {@code Authorization} header through Keycloak's own HTTP Basic parser, overridden by a form {@code client_id}, else
 * the session's {@code client_id} attribute. Client authentication runs after us; {@link ProofGate#beforeGrant}
 * refuses the request if Keycloak then authenticates another public client.
 */
final class RequestClient {

    private RequestClient() {
    }

    static String clientId(KeycloakSession session) {
        HttpRequest request = session.getContext().getHttpRequest();
        HttpHeaders headers = request.getHttpHeaders();
        String clientId = null;
        String authorization = headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            try {
                String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
                clientId = basic != null ? basic[0] : null;
            } catch (RuntimeException e) {
                // an invalid percent-encoding: Keycloak's authenticator fails on the same header
                clientId = null;
            }
        }
        MediaType mediaType = headers.getMediaType();
        if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            MultivaluedMap<String, String> form = request.getDecodedFormParameters();
            if (form != null && form.containsKey(OAuth2Constants.CLIENT_ID)) {
                clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
            }
        }
        return clientId != null ? clientId : session.getAttribute(OAuth2Constants.CLIENT_ID, String.class);
    }

    /** The client switch each grant checks first ({@code ResourceOwnerPasswordCredentialsGrantType.process}, ...). */
    static boolean grantEnabled(RealmModel realm, ClientModel client, String grantType) {
        return switch (grantType) {
            case OAuth2Constants.PASSWORD -> client.isDirectAccessGrantsEnabled();
            case OAuth2Constants.AUTHORIZATION_CODE -> client.isStandardFlowEnabled();
            case OAuth2Constants.DEVICE_CODE_GRANT_TYPE ->
                    realm.getOAuth2DeviceConfig().isOAuth2DeviceAuthorizationGrantEnabled(client);
            default -> true;
        };
    }

    /** Clients with Keycloak's own "Require DPoP bound tokens" switch are Keycloak's alone. */
    static boolean keycloakBindsDPoP(ClientModel client) {
        return client != null && OIDCAdvancedConfigWrapper.fromClientModel(client).isUseDPoP();
    }
}
