package io.github.dpoprefresh.keycloak;

import java.util.List;

import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.binding.ProofDecision;
import io.github.dpoprefresh.binding.ProofDecision.Decision;
import io.github.dpoprefresh.binding.Refused;
import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ValidProof;
import io.github.dpoprefresh.replay.ReplayGuard;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

/**
 * The proof of one request, for {@link ProofGate}: decided by {@link ProofDecision}, then checked against replay; a
 * refusal is answered by {@link Answers} (and a theft by {@link Thefts}).
 */
final class RequestProof {

    static final String DPOP_HEADER = "DPoP";

    private final KeycloakSession session;
    private final Settings settings;
    private final ProofValidator validator;
    private final WarnThrottle warnings;

    RequestProof(KeycloakSession session, Settings settings, ProofValidator validator, WarnThrottle warnings) {
        this.session = session;
        this.settings = settings;
        this.validator = validator;
        this.warnings = warnings;
    }

    /**
     * The request's one proof as {@link ProofDecision} decides, then not seen before (RFC 9449 §11.1); null when there
     * is none and none is needed. A refusal is thrown as the HTTP response.
     */
    ValidProof require(Concerned concerned, EventType eventType, String grantType, Check check,
            String boundTo, ClientSettings client) {
        long now = Time.currentTime();
        HttpRequest request = session.getContext().getHttpRequest();
        List<String> headers = request.getHttpHeaders().getRequestHeader(DPOP_HEADER);
        ProofDecision.Nonces nonces = ServerNonces.forRequest(session, client, settings.nonceLifetimeSeconds(), now);
        Decision decision = ProofDecision.decide(check, boundTo, headers, nonces, () -> read(headers.get(0), request));
        if (decision instanceof ProofDecision.Refusal refusal) {
            throw refuse(concerned, eventType, grantType, refusal.refused(), client);
        }
        if (!(decision instanceof ProofDecision.Accepted accepted)) {
            return null;
        }
        ValidProof proof = accepted.proof();
        if (!KeycloakHandOff.checkedByKeycloak(session, proof.jti(), proof.htu())
                && !ReplayGuard.firstUse(session, proof.jti(), proof.htu(), proof.iat(), validator.policy(), now)) {
            // (a proof Keycloak checked in this request before us, as it would at logout with upstream PR 50528, was
            // recorded by Keycloak and by afterKeycloakProofCheck: the same proof, not a replay)
            throw refuse(concerned, eventType, grantType, Refused.replay(), client);
        }
        BindingMetrics.proofAccepted(concerned.realm().getName());
        return proof;
    }

    private ProofDecision.Reading read(String header, HttpRequest request) {
        try {
            return new ProofDecision.Reading(validator.validate(header, request.getHttpMethod(),
                    session.getContext().getUri().getAbsolutePath()), null);
        } catch (InvalidProofException e) {
            return new ProofDecision.Reading(null, e);
        }
    }

    private WebApplicationException refuse(Concerned concerned, EventType eventType, String grantType, Refused refused,
            ClientSettings client) {
        TheftResponse theft = refused.theft()
                ? Thefts.respond(session, concerned, refused, client.theftResponse(), warnings) : null;
        return Answers.refusal(session, concerned, eventType, grantType, refused, theft);
    }
}
