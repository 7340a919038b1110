package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MALFORMED;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A proof in the JWS compact serialization (RFC 7515 §7.1), read: the header's members, the payload as text (read
 * after the signature is checked), the signing input and the signature (null when it is not base64url).
 */
public record CompactJws(Map<String, Object> header, String payload, byte[] signingInput, byte[] signature) {

    /**
     * RFC 8259 as Jackson reads it by default (no comments, trailing commas, leading zeros, NaN, raw control
     * characters), plus no member name twice in any object (RFC 7515 §5.2 item 4, RFC 7519 §4) and nothing after the
     * object. Integers are {@link Integer}, {@link Long} or {@link java.math.BigInteger}, by their size. The policy's
     * maximum length bounds nesting and numbers, as before Jackson (which reads nesting without recursion).
     */
    private static final ObjectReader JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(new TypeReference<Map<String, Object>>() { });

    /** The characters of a compact JWS: the base64url alphabet (RFC 4648 §5) and the dot. */
    private static final boolean[] COMPACT_JWS_CHARACTERS = new boolean[128];

    static {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".chars()
                .forEach(c -> COMPACT_JWS_CHARACTERS[c] = true);
    }

    public static boolean isBase64UrlOrDot(String text) {
        return text.chars().allMatch(c -> c < 128 && COMPACT_JWS_CHARACTERS[c]);
    }

    /** Compact serialization only: three non-empty base64url parts, no JSON serialization, no whitespace. */
    static CompactJws read(String proof) throws InvalidProofException {
        int firstDot = proof.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : proof.indexOf('.', firstDot + 1);
        if (firstDot < 1 || secondDot < firstDot + 2 || secondDot == proof.length() - 1
                || proof.indexOf('.', secondDot + 1) >= 0 || !isBase64UrlOrDot(proof)) {
            throw new InvalidProofException(MALFORMED, "DPoP proof is not a JWS in compact serialization");
        }
        String header = jsonText(proof.substring(0, firstDot), "header");
        String payload = jsonText(proof.substring(firstDot + 1, secondDot), "payload");
        Map<String, Object> members = jsonObject(header);
        if (members == null) {
            throw new InvalidProofException(MALFORMED, "DPoP proof header is not valid JSON");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(proof.substring(secondDot + 1));
        } catch (IllegalArgumentException e) {
            signature = null;
        }
        return new CompactJws(members, payload, proof.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII),
                signature);
    }

    /**
     * RFC 7515 §2 and RFC 8259 §7, §8.1: header and payload are UTF-8 JSON text, with control characters escaped in
     * strings. Checked before either is read, so that the first fault of the proof is the one named.
     */
    private static String jsonText(String part, String name) throws InvalidProofException {
        String text;
        try {
            // a new decoder reports invalid sequences instead of replacing them
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(part)))
                    .toString();
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
        return text;
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
}
