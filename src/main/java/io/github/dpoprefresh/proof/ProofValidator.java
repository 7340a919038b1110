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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Checks one DPoP proof JWT against the HTTP request it came with (RFC 9449 §4.3), without any state: the caller
 * decides what a {@code jti} seen before means (see {@link ValidProof#jti()} and
 * {@link ProofPolicy#replayLifespanSeconds(long, long)}).
 *
 * <p>Knows nothing of Keycloak: input is the header value, the request method and URI, a clock; output is a
 * {@link ValidProof} or an {@link InvalidProofException} with a stable reason and a precise description.
 * Thread-safe.
 *
 * <p>Header and payload are read by Jackson ({@link #jsonObject}), the key is checked by {@link ProofKeys} and made by
 * jose4j, and the signature is checked by jose4j's algorithm ({@link SignatureProviders#verifies}).
 */
public final class ProofValidator {

    /** RFC 9449 §4.2: the media type of a proof. */
    static final String DPOP_TYP = "dpop+jwt";

    /**
     * RFC 8259 as Jackson reads it by default (no comments, trailing commas, leading zeros, NaN, raw control
     * characters), plus no member name twice in any object (RFC 7515 §5.2 item 4, RFC 7519 §4) and nothing after the
     * object. Integers are {@link Integer}, {@link Long} or {@link java.math.BigInteger}, by their size.
     */
    private static final ObjectReader JSON = new ObjectMapper(JsonFactory.builder()
            // the policy's maximum length bounds nesting and numbers, as before; Jackson reads nesting without recursion
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(new TypeReference<Map<String, Object>>() { });

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
        Jws jws = parse(proof);
        String algorithm = checkHeader(jws.header());
        ProofKeys.Key key = ProofKeys.publicKey(jws.header(), algorithm, signatures);
        verifySignature(proof, key, algorithm);
        Claims claims = claims(jws);
        HttpChecks.checkMethod(claims.htm, method);
        HttpChecks.checkUri(claims.htu, requestUri);
        checkIat(claims.iat);
        return new ValidProof(claims.jti, claims.htm, claims.htu, claims.iat, algorithm, key.thumbprint(), claims.nonce);
    }

    /** The proof's header, read, and its payload as text, read after the signature is checked. */
    private record Jws(Map<String, Object> header, String payload) {
    }

    private static Jws parse(String proof) throws InvalidProofException {
        // compact serialisation only: three non-empty base64url parts, no JSON serialisation, no whitespace
        int firstDot = proof.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : proof.indexOf('.', firstDot + 1);
        if (firstDot < 1 || secondDot < firstDot + 2 || secondDot == proof.length() - 1
                || proof.indexOf('.', secondDot + 1) >= 0 || !CompactJws.isBase64UrlOrDot(proof)) {
            throw new InvalidProofException(MALFORMED, "DPoP proof is not a JWS in compact serialization");
        }
        String header = CompactJws.jsonText(proof.substring(0, firstDot), "header");
        String payload = CompactJws.jsonText(proof.substring(firstDot + 1, secondDot), "payload");
        Map<String, Object> headerMembers = jsonObject(header);
        if (headerMembers == null) {
            throw new InvalidProofException(MALFORMED, "DPoP proof header is not valid JSON");
        }
        return new Jws(headerMembers, payload);
    }

    /**
     * One JSON object read from {@code text}, or null when the text is anything else (see {@link #JSON}). Each escape
     * with {@code u} must have four ASCII hex digits: Jackson takes some other characters as digits (regression input
     * {@code ProofJsonFuzzTestInputs/anyText/non-ascii-digit-in-unicode-escape}).
     */
    static Map<String, Object> jsonObject(String text) {
        for (int i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 2)) {
            if (text.startsWith("u", i + 1) && (i + 6 > text.length()
                    || !text.substring(i + 2, i + 6).chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0))) {
                return null;
            }
        }
        try {
            return JSON.readValue(text);
        } catch (JacksonException e) {
            return null;
        }
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
    private void verifySignature(String proof, ProofKeys.Key key, String algorithm) throws InvalidProofException {
        int lastDot = proof.lastIndexOf('.');
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(proof.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(SIGNATURE, "DPoP proof signature is invalid");
        }
        byte[] signingInput = proof.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        if (!signatures.verifies(algorithm, key.publicKey(), signingInput, signature)) {
            throw new InvalidProofException(SIGNATURE, "DPoP proof signature is invalid");
        }
    }

    private record Claims(String jti, String htm, String htu, long iat, String nonce) {
    }

    /** RFC 9449 §4.2: jti, htm, htu and iat are required, each of its JSON type. */
    private static Claims claims(Jws jws) throws InvalidProofException {
        // RFC 7797: with b64 false the payload would be the part as it is, base64url text, never a JSON object
        Map<String, Object> claims = Boolean.FALSE.equals(jws.header().get("b64")) ? null : jsonObject(jws.payload());
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

    private static String sorted(java.util.Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
