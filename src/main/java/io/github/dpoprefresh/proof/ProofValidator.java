package io.github.dpoprefresh.proof;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.github.dpoprefresh.proof.InvalidProofException.Reason;

/**
 * Checks one DPoP proof JWT against the HTTP request it came with (RFC 9449 §4.3), without any state: the caller
 * decides what a {@code jti} seen before means (see {@link ValidProof#jti()} and
 * {@link ProofPolicy#replayLifespanSeconds(long, long)}). Knows nothing of Keycloak: input is the header value, the
 * request method and URI, a clock; output is a {@link ValidProof} or an {@link InvalidProofException} with a stable
 * reason and a precise description. Thread-safe. Jackson reads header and payload.
 *
 * @param epochSeconds the server's clock, in seconds
 * @param keys         checks the key and the signature, by the JCA provider chosen for the algorithm
 */
public record ProofValidator(ProofPolicy policy, LongSupplier epochSeconds, ProofKeys keys) {

    /** Header parameters that point at a key elsewhere; a proof carries its key itself (RFC 9449 §4.2). */
    private static final Set<String> KEY_REFERENCES = Set.of("jku", "x5u", "x5c", "x5t", "x5t#S256");

    /**
     * RFC 8259 as Jackson reads it by default, plus no member name twice in any object (RFC 7515 §5.2 item 4, RFC 7519
     * §4) and nothing after the object; integers as {@link Integer}, {@link Long} or {@link java.math.BigInteger}. The
     * policy's maximum length bounds nesting and numbers (Jackson reads nesting without recursion).
     */
    private static final ObjectReader JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE)
                            .build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build().readerForMapOf(Object.class);

    /**
     * @param proof      the value of the one {@code DPoP} request header
     * @param method     the request's HTTP method
     * @param requestUri the URI the request was received at (query and fragment are ignored)
     */
    public ValidProof validate(String proof, String method, URI requestUri) throws InvalidProofException {
        if (proof == null || proof.isBlank()) {
            throw new InvalidProofException(Reason.MISSING, "DPoP proof is missing");
        }
        if (proof.length() > policy.maxLength()) {
            throw new InvalidProofException(Reason.TOO_LARGE, "DPoP proof is longer than " + policy.maxLength()
                    + " characters");
        }
        // RFC 7515 §7.1: the compact serialization only, three non-empty base64url parts
        int firstDot = proof.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : proof.indexOf('.', firstDot + 1);
        if (firstDot < 1 || secondDot < firstDot + 2 || secondDot == proof.length() - 1
                || proof.indexOf('.', secondDot + 1) >= 0 || !isBase64UrlOrDot(proof)) {
            throw new InvalidProofException(Reason.MALFORMED, "DPoP proof is not a JWS in compact serialization");
        }
        Map<String, Object> header = jsonObject(jsonText(proof.substring(0, firstDot), "header"));
        byte[] payload = jsonText(proof.substring(firstDot + 1, secondDot), "payload"); // before the header JSON's fault
        if (header == null) {
            throw new InvalidProofException(Reason.MALFORMED, "DPoP proof header is not valid JSON");
        }
        String algorithm = checkHeader(header);
        ProofKeys.Key key = ProofKeys.publicKey(header, algorithm);
        // RFC 7515 §5.2 items 5-8: the signature over the proof's first two parts, as they came
        if (!keys.verifies(algorithm, key.publicKey(), proof.substring(0, secondDot), proof.substring(secondDot + 1))) {
            throw new InvalidProofException(Reason.SIGNATURE, "DPoP proof signature is invalid");
        }
        // RFC 7797: with b64 false the payload would be the part as it is, base64url text, never a JSON object
        Map<String, Object> claims = Boolean.FALSE.equals(header.get("b64")) ? null : jsonObject(payload);
        if (claims == null) {
            throw new InvalidProofException(Reason.MALFORMED, "DPoP proof payload is not a JSON object");
        }
        // RFC 9449 §4.2: jti, htm, htu and iat are required, each of its JSON type
        String jti = stringClaim(claims, "jti");
        if (jti.length() > 256) {
            throw new InvalidProofException(Reason.CLAIMS, "DPoP proof jti is longer than 256 characters");
        }
        if (!(claims.get("iat") instanceof Integer || claims.get("iat") instanceof Long)) {
            throw new InvalidProofException(Reason.CLAIMS, "DPoP proof iat must be a whole number of seconds");
        }
        String nonce = claims.containsKey("nonce") ? stringClaim(claims, "nonce") : null;
        String htm = stringClaim(claims, "htm");
        String htu = stringClaim(claims, "htu");
        HttpChecks.checkMethod(htm, method);
        HttpChecks.checkUri(htu, requestUri);
        long iat = checkIat(((Number) claims.get("iat")).longValue());
        return new ValidProof(jti, htm, htu, iat, algorithm, key.thumbprint(), nonce);
    }

    /** The characters of a compact JWS: the base64url alphabet (RFC 4648 §5) and the dot. */
    public static boolean isBase64UrlOrDot(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i); // in ASCII order - . 0-9 A-Z _ a-z, lower case the most frequent
            if (!(c >= 'a' ? c <= 'z' : c >= 'A' ? c <= 'Z' || c == '_' : c >= '0' ? c <= '9' : c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 7515 §2, RFC 8259 §7, §8.1: UTF-8 JSON text, no control character but the grammar's whitespace (which
     * Jackson refuses in strings). Checked for header and payload before either is read: the first fault is named.
     */
    private static byte[] jsonText(String part, String name) throws InvalidProofException {
        byte[] text;
        try {
            text = Base64.getUrlDecoder().decode(part);
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text)); // a new decoder reports invalid sequences
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidProofException(Reason.MALFORMED, "DPoP proof " + name + " is not base64url-encoded UTF-8");
        }
        for (byte c : text) {
            if (c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidProofException(Reason.MALFORMED, "DPoP proof " + name
                        + " contains an unescaped control character");
            }
        }
        return text;
    }

    /**
     * One JSON object read from UTF-8 {@code text}, or null when it is anything else (see {@link #JSON}). Read as bytes:
     * from a String, Jackson takes a non-ASCII "hex digit" of an escape with {@code u} by its low byte (regression input
     * {@code ProofJsonFuzzTestInputs/anyText/non-ascii-digit-in-unicode-escape}). A byte order mark it would skip.
     */
    static Map<String, Object> jsonObject(byte[] text) {
        try {
            return text.length > 0 && text[0] < 0 ? null : JSON.readValue(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** RFC 9449 §4.2 and §4.3 items 4-6 (typ, alg, jwk), RFC 7515 §4.1.11 (crit). Returns the algorithm. */
    private String checkHeader(Map<String, Object> header) throws InvalidProofException {
        if (!"dpop+jwt".equals(header.get("typ"))) {
            throw new InvalidProofException(Reason.TYP, "DPoP proof typ must be 'dpop+jwt'");
        }
        if (!(header.get("alg") instanceof String algorithm) || !policy.allowedAlgorithms().contains(algorithm)) {
            throw new InvalidProofException(Reason.ALGORITHM, "DPoP proof alg must be one of "
                    + policy.allowedAlgorithms().stream().sorted().toList());
        }
        if (header.get("crit") != null) {
            throw new InvalidProofException(Reason.MALFORMED, "DPoP proof must not have critical header parameters");
        }
        for (String reference : KEY_REFERENCES) {
            if (header.get(reference) != null) {
                throw new InvalidProofException(Reason.KEY, "DPoP proof must carry its key in jwk, not in " + reference);
            }
        }
        return algorithm;
    }

    private static String stringClaim(Map<String, Object> claims, String name) throws InvalidProofException {
        if (!(claims.get(name) instanceof String text) || text.isEmpty()) {
            throw new InvalidProofException(Reason.CLAIMS, "DPoP proof " + name + " must be a non-empty string");
        }
        return text;
    }

    /** RFC 9449 §4.3 item 11 and §11.1: the proof was created within the accepted window. */
    private long checkIat(long iat) throws InvalidProofException {
        long now = epochSeconds.getAsLong();
        if (iat < now - policy.maxAgeSeconds() - policy.clockSkewSeconds()) {
            throw new InvalidProofException(Reason.IAT, "DPoP proof is too old (iat more than "
                    + (policy.maxAgeSeconds() + policy.clockSkewSeconds()) + " s in the past)");
        }
        if (iat > now + policy.clockSkewSeconds()) {
            throw new InvalidProofException(Reason.IAT, "DPoP proof iat is more than " + policy.clockSkewSeconds()
                    + " s in the future");
        }
        return iat;
    }
}
