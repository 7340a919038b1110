package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.MALFORMED;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The text of a compact JWS (RFC 7515 §7.1) before anything is parsed: its alphabet, and its parts as JSON text. */
public final class CompactJws {

    private CompactJws() {
    }

    /** The characters of a compact JWS: the base64url alphabet (RFC 4648 §5) and the dot. */
    private static final boolean[] COMPACT_JWS_CHARACTERS = new boolean[128];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        alphabet.chars().forEach(c -> COMPACT_JWS_CHARACTERS[c] = true);
    }

    public static boolean isBase64UrlOrDot(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || !COMPACT_JWS_CHARACTERS[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 7515 §2 and RFC 8259 §7, §8.1: header and payload are UTF-8 JSON text, with control characters escaped in
     * strings. Checked before either is read, so that the first fault of the proof is the one named.
     */
    static String jsonText(String part, String name) throws InvalidProofException {
        String text;
        try {
            text = utf8(Base64.getUrlDecoder().decode(part));
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

    /** Strict UTF-8: invalid sequences are refused, not replaced (ASCII, the usual case, needs no decoder). */
    private static String utf8(byte[] bytes) throws CharacterCodingException {
        for (byte b : bytes) {
            if (b < 0) {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
