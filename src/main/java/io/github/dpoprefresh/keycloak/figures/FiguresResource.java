package io.github.dpoprefresh.keycloak.figures;

import java.util.Map;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code GET /admin/realms/{realm}/dpop-refresh/clients/{id}/figures}: for whoever may view the client. */
public final class FiguresResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final Figures figures;

    FiguresResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, Figures figures) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.figures = figures;
    }

    /**
     * The client's figures (JSON of {@code docs/operations.md}); {@code id} is its internal id. 403 unless the caller
     * may view it; 404 for no such client, to whoever may list clients (403 otherwise, as Keycloak's own
     * {@code ClientsResource} answers: nobody learns which ids exist).
     */
    @GET
    @Path("clients/{id}/figures")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> clientFigures(@PathParam("id") String id) {
        ClientModel client = id == null || id.length() > 255 ? null : realm.getClientById(id);
        if (client == null) {
            if (auth.clients().canList()) {
                throw new NotFoundException("Could not find client");
            }
            throw new ForbiddenException();
        }
        auth.clients().requireView(client);
        return figures.report(session, realm, client);
    }
}
