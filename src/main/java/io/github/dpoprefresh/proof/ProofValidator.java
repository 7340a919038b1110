package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.ALGORITHM;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.CLAIMS;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.IAT;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MALFORMED;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MISSING;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.SIGNATURE;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.TOO_LARGE;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.TYP;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Checks one DPoP proof JWT against the HTTP request it came with (RFC 9449 §4.3), without any state: the caller
 * decides what a {@code jti} seen before means (see {@link ValidProof#jti()} and
 * {@link ProofPolicy#replayLifespanSeconds(long, long)}).
 *
 * <p>Knows nothing of Keycloak: input is the header value, the request method and URI, a clock; output is a
 * {@link ValidProof} or an {@link InvalidProofException} with a stable reason and a precise description.
 * Thread-safe.
 *
 * <p>The proof is read by {@link CompactJws} (Jackson for the JSON), the key is checked by {@link ProofKeys} and made
 * by jose4j, and the signature is checked by jose4j's algorithm ({@link SignatureProviders#verifies}).
 */
public final class ProofValidator {

    /** RFC 9449 §4.2: the media type of a proof. */
    static final String DPOP_TYP = "dpop+jwt";

    private final ProofPolicy policy;
    private final LongSupplier epochSeconds;
    private final SignatureProviders signatures;

    /**
     * @param epochSeconds the server's clock, in seconds
     * @param signatures   which JCA provider verifies which algorithm
     */
    public ProofValidator(ProofPolicy policy, LongSupplier epochSeconds, SignatureProviders signatures) {
        this.policy = policy;
        this.epochSeconds = epochSeconds;
        this.signatures = signatures;
    }

    public ProofPolicy policy() {
        return policy;
    }

    /**
     * @param proof      the value of the one {@code DPoP} request header
     * @param method     the request's HTTP method
     * @param requestUri the URI the request was received at (query and fragment are ignored)
     */
    public ValidProof validate(String proof, String method, URI requestUri) throws InvalidProofException {
        if (proof == null || proof.isBlank()) {
            throw new InvalidProofException(MISSING, "DPoP proof is missing");
        }
        if (proof.length() > policy.maxLength()) {
            throw new InvalidProofException(TOO_LARGE, "DPoP proof is longer than " + policy.maxLength() + " characters");
        }
        CompactJws jws = CompactJws.read(proof);
        String algorithm = checkHeader(jws.header());
        ProofKeys.Key key = ProofKeys.publicKey(jws.header(), algorithm, signatures);
        verifySignature(jws, key, algorithm);
        Claims claims = claims(jws);
        HttpChecks.checkMethod(claims.htm, method);
        HttpChecks.checkUri(claims.htu, requestUri);
        checkIat(claims.iat);
        return new ValidProof(claims.jti, claims.htm, claims.htu, claims.iat, algorithm, key.thumbprint(), claims.nonce);
    }

    /** RFC 9449 §4.3 items 4-6 (typ, alg) and RFC 7515 §4.1.11 (crit). Returns the algorithm. */
    private String checkHeader(Map<String, Object> header) throws InvalidProofException {
        Object typ = header.get("typ");
        if (!DPOP_TYP.equals(typ)) {
            throw new InvalidProofException(TYP, "DPoP proof typ must be '" + DPOP_TYP + "'");
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String algorithm) || !policy.allowedAlgorithms().contains(algorithm)) {
            throw new InvalidProofException(ALGORITHM, "DPoP proof alg must be one of " + sorted(policy.allowedAlgorithms()));
        }
        if (header.get("crit") != null) {
            throw new InvalidProofException(MALFORMED, "DPoP proof must not have critical header parameters");
        }
        return algorithm;
    }

    /** RFC 7515 §5.2 items 5-8: the signature over the proof's first two parts, as they came. */
    private void verifySignature(CompactJws jws, ProofKeys.Key key, String algorithm) throws InvalidProofException {
        if (jws.signature() == null
                || !signatures.verifies(algorithm, key.publicKey(), jws.signingInput(), jws.signature())) {
            throw new InvalidProofException(SIGNATURE, "DPoP proof signature is invalid");
        }
    }

    private record Claims(String jti, String htm, String htu, long iat, String nonce) {
    }

    /** RFC 9449 §4.2: jti, htm, htu and iat are required, each of its JSON type. */
    private static Claims claims(CompactJws jws) throws InvalidProofException {
        // RFC 7797: with b64 false the payload would be the part as it is, base64url text, never a JSON object
        boolean unencoded = Boolean.FALSE.equals(jws.header().get("b64"));
        Map<String, Object> claims = unencoded ? null : CompactJws.jsonObject(jws.payload());
        if (claims == null) {
            throw new InvalidProofException(MALFORMED, "DPoP proof payload is not a JSON object");
        }
        String jti = stringClaim(claims, "jti");
        if (jti.length() > 256) {
            throw new InvalidProofException(CLAIMS, "DPoP proof jti is longer than 256 characters");
        }
        Object iat = claims.get("iat");
        if (!(iat instanceof Integer || iat instanceof Long)) {
            throw new InvalidProofException(CLAIMS, "DPoP proof iat must be a whole number of seconds");
        }
        String nonce = claims.containsKey("nonce") ? stringClaim(claims, "nonce") : null;
        return new Claims(jti, stringClaim(claims, "htm"), stringClaim(claims, "htu"), ((Number) iat).longValue(), nonce);
    }

    private static String stringClaim(Map<String, Object> claims, String name) throws InvalidProofException {
        Object value = claims.get(name);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new InvalidProofException(CLAIMS, "DPoP proof " + name + " must be a non-empty string");
        }
        return text;
    }

    /** RFC 9449 §4.3 item 11 and §11.1: the proof was created within the accepted window. */
    private void checkIat(long iat) throws InvalidProofException {
        long now = epochSeconds.getAsLong();
        if (iat < policy.oldestIat(now)) {
            throw new InvalidProofException(IAT, "DPoP proof is too old (iat more than "
                    + (policy.maxAgeSeconds() + policy.clockSkewSeconds()) + " s in the past)");
        }
        if (iat > policy.newestIat(now)) {
            throw new InvalidProofException(IAT, "DPoP proof iat is more than " + policy.clockSkewSeconds()
                    + " s in the future");
        }
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
