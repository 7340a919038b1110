package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.ALGORITHM;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.CLAIMS;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.IAT;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.KEY;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MALFORMED;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MISSING;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.SIGNATURE;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.TOO_LARGE;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.TYP;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Checks one DPoP proof JWT against the HTTP request it came with (RFC 9449 §4.3), without any state: the caller
 * decides what a {@code jti} seen before means (see {@link ValidProof#jti()} and
 * {@link ProofPolicy#replayLifespanSeconds(long, long)}).
 *
 * <p>Knows nothing of Keycloak: input is the header value, the request method and URI, a clock; output is a
 * {@link ValidProof} or an {@link InvalidProofException} with a stable reason and a precise description.
 * Thread-safe.
 */
public final class ProofValidator {

    /** RFC 9449 §4.2: the media type of a proof. */
    static final String DPOP_TYP = "dpop+jwt";

    private final ProofPolicy policy;
    private final LongSupplier epochSeconds;
    /** Per allowed algorithm, who verifies its signatures. */
    private final Map<String, ProviderContext> providers;
    private final AlgorithmConstraints algorithms;
    private final SignatureProviders signatures;

    /**
     * @param epochSeconds the server's clock, in seconds
     * @param signatures   which JCA provider verifies which algorithm
     */
    public ProofValidator(ProofPolicy policy, LongSupplier epochSeconds, SignatureProviders signatures) {
        this.policy = policy;
        this.epochSeconds = epochSeconds;
        this.signatures = signatures;
        this.providers = policy.allowedAlgorithms().stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), signatures::contextFor));
        this.algorithms = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                policy.allowedAlgorithms().toArray(String[]::new));
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
        JsonWebSignature jws = parse(proof);
        String algorithm = checkHeader(jws);
        PublicJsonWebKey jwk = ProofKeys.publicKey(jws, algorithm);
        verifySignature(jws, jwk, algorithm);
        Claims claims = claims(jws);
        HttpChecks.checkMethod(claims.htm, method);
        HttpChecks.checkUri(claims.htu, requestUri);
        checkIat(claims.iat);
        return new ValidProof(claims.jti, claims.htm, claims.htu, claims.iat, algorithm, thumbprint(jwk), claims.nonce);
    }

    private static JsonWebSignature parse(String proof) throws InvalidProofException {
        // compact serialisation only: three non-empty base64url parts, no JSON serialisation, no whitespace
        int firstDot = proof.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : proof.indexOf('.', firstDot + 1);
        if (firstDot < 1 || secondDot < firstDot + 2 || secondDot == proof.length() - 1
                || proof.indexOf('.', secondDot + 1) >= 0 || !isBase64UrlOrDot(proof)) {
            throw new InvalidProofException(MALFORMED, "DPoP proof is not a JWS in compact serialization");
        }
        requireJsonText(proof.substring(0, firstDot), "header");
        requireJsonText(proof.substring(firstDot + 1, secondDot), "payload");
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(proof);
            return jws;
        } catch (JoseException | RuntimeException e) {
            throw new InvalidProofException(MALFORMED, "DPoP proof header is not valid JSON");
        }
    }

    private static boolean isBase64UrlOrDot(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 7515 §2 and RFC 8259 §7, §8.1: header and payload are UTF-8 JSON text, with control characters escaped in
     * strings. jose4j decodes invalid UTF-8 to U+FFFD and takes raw control characters, so this is checked first.
     */
    private static void requireJsonText(String part, String name) throws InvalidProofException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(part)));
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidProofException(MALFORMED, "DPoP proof " + name + " is not base64url-encoded UTF-8");
        }
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c < 0x20 && (inString || (c != '\t' && c != '\n' && c != '\r'))) {
                throw new InvalidProofException(MALFORMED, "DPoP proof " + name + " contains an unescaped control character");
            }
        }
    }

    /** RFC 9449 §4.3 items 4-6 (typ, alg) and RFC 7515 §4.1.11 (crit). Returns the algorithm. */
    private String checkHeader(JsonWebSignature jws) throws InvalidProofException {
        Object typ = jws.getHeaders().getObjectHeaderValue("typ");
        if (!DPOP_TYP.equals(typ)) {
            throw new InvalidProofException(TYP, "DPoP proof typ must be '" + DPOP_TYP + "'");
        }
        Object alg = jws.getHeaders().getObjectHeaderValue("alg");
        if (!(alg instanceof String algorithm) || !policy.allowedAlgorithms().contains(algorithm)) {
            throw new InvalidProofException(ALGORITHM, "DPoP proof alg must be one of " + sorted(policy.allowedAlgorithms()));
        }
        if (jws.getHeaders().getObjectHeaderValue("crit") != null) {
            throw new InvalidProofException(MALFORMED, "DPoP proof must not have critical header parameters");
        }
        return algorithm;
    }

    private void verifySignature(JsonWebSignature jws, PublicJsonWebKey jwk, String algorithm)
            throws InvalidProofException {
        jws.setKey(signatures.verificationKey(jwk.getPublicKey(), algorithm));
        jws.setAlgorithmConstraints(algorithms);
        jws.setProviderContext(providers.get(algorithm));
        boolean valid;
        try {
            valid = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidProofException(SIGNATURE, "DPoP proof signature is invalid");
        }
    }

    private record Claims(String jti, String htm, String htu, long iat, String nonce) {
    }

    /** RFC 9449 §4.2: jti, htm, htu and iat are required, each of its JSON type. */
    private static Claims claims(JsonWebSignature jws) throws InvalidProofException {
        Map<String, Object> claims;
        try {
            claims = JwtClaims.parse(jws.getUnverifiedPayload()).getClaimsMap();
        } catch (InvalidJwtException | RuntimeException e) {
            throw new InvalidProofException(MALFORMED, "DPoP proof payload is not a JSON object");
        }
        String jti = stringClaim(claims, "jti");
        if (jti.length() > 256) {
            throw new InvalidProofException(CLAIMS, "DPoP proof jti is longer than 256 characters");
        }
        Object iat = claims.get("iat");
        if (!(iat instanceof Long seconds)) {
            throw new InvalidProofException(CLAIMS, "DPoP proof iat must be a whole number of seconds");
        }
        String nonce = claims.containsKey("nonce") ? stringClaim(claims, "nonce") : null;
        return new Claims(jti, stringClaim(claims, "htm"), stringClaim(claims, "htu"), seconds, nonce);
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

    /** RFC 7638 SHA-256 thumbprint, base64url. */
    static String thumbprint(PublicJsonWebKey jwk) throws InvalidProofException {
        try {
            return jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (RuntimeException e) {
            throw new InvalidProofException(KEY, "DPoP proof jwk has no thumbprint");
        }
    }

    private static String sorted(java.util.Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
