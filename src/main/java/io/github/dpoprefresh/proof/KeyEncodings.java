package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.KEY;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** The encodings a proof key passes through: JWK members, X.509 SubjectPublicKeyInfo, the RFC 7638 thumbprint. */
final class KeyEncodings {

    /** X.509 SubjectPublicKeyInfo up to the key bytes (RFC 5480 §2 with the uncompressed point's 04; RFC 8410 §4). */
    private static final Map<String, byte[]> X509_PREFIXES = Map.of(
            "P-256", HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004"),
            "P-384", HexFormat.of().parseHex("3076301006072a8648ce3d020106052b8104002203620004"),
            "P-521", HexFormat.of().parseHex("30819b301006072a8648ce3d020106052b810400230381860004"),
            "Ed25519", HexFormat.of().parseHex("302a300506032b6570032100"),
            "Ed448", HexFormat.of().parseHex("3043300506032b6571033a00"));

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();


    private KeyEncodings() {
    }

    static String base64url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** RFC 7638 §3: SHA-256 over the required members in order, base64url. */
    static String thumbprint(String input) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The X.509 encoding of a key: the curve's prefix, then the point ({@code y} is null for Edwards curves). */
    static X509EncodedKeySpec x509(String crv, byte[] x, byte[] y) {
        byte[] prefix = X509_PREFIXES.get(crv);
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + x.length + (y == null ? 0 : y.length));
        System.arraycopy(x, 0, encoded, prefix.length, x.length);
        if (y != null) {
            System.arraycopy(y, 0, encoded, prefix.length + x.length, y.length);
        }
        return new X509EncodedKeySpec(encoded);
    }

    static String string(Map<?, ?> members, String name) throws InvalidProofException {
        if (!(members.get(name) instanceof String value)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is missing or not a string");
        }
        return value;
    }

    static byte[] decoded(Map<?, ?> members, String name) throws InvalidProofException {
        try {
            return Base64.getUrlDecoder().decode(string(members, name));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is not base64url");
        }
    }

    static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
