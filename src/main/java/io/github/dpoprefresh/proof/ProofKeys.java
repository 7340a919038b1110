package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.KEY;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The proof key and its signature (RFC 9449 §4.3 items 6, 7). {@link #publicKey} checks the {@code jwk} members
 * before any key object exists (a public key that fits the algorithm; RSA size, EC point on its curve: a hostile key
 * costs no more than a normal one); jose4j makes the JDK's key (checking an {@code x5c} chain) and its RFC 7638
 * thumbprint. {@link #verifies}: EC and EdDSA by the BouncyCastle that Keycloak registers as {@code BC} (the JDK's own
 * is an order of magnitude slower, docs/benchmarks.md), RSA by the JDK's choice. Nothing is registered or shaded.
 */
public final class ProofKeys {

    /** BouncyCastle's provider name, as registered by Keycloak's default crypto provider. */
    public static final String BOUNCY_CASTLE = "BC";

    /** JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    /** The key type, then the curves, of each algorithm (RFC 7518 §3.1, §6.1; RFC 8037 §3.1). */
    private static final Map<String, List<String>> KEY_TYPES = Map.of("ES256", List.of("EC", "P-256"),
            "ES384", List.of("EC", "P-384"), "ES512", List.of("EC", "P-521"), "EdDSA", List.of("OKP", "Ed25519", "Ed448"),
            "RS256", List.of("RSA"), "RS384", List.of("RSA"), "RS512", List.of("RSA"),
            "PS256", List.of("RSA"), "PS384", List.of("RSA"), "PS512", List.of("RSA"));

    /** The registered provider that verifies EC and EdDSA, or null for the JDK's choice. */
    private final Provider preferred;

    /** A proof key that passed every check, and its thumbprint. */
    record Key(PublicKey publicKey, String thumbprint) {
    }

    private ProofKeys(Provider preferred) {
        this.preferred = preferred;
    }

    /** Every algorithm verified by the JDK's choice of provider. */
    public static ProofKeys jdk() {
        return new ProofKeys(null);
    }

    /**
     * EC and EdDSA verified by {@code provider} if it is registered with the key factories and signatures they take
     * (a FIPS distribution registers {@code BCFIPS}, not {@code BC}); otherwise {@link #jdk()}.
     */
    public static ProofKeys preferring(String provider) {
        Provider p = provider == null ? null : Security.getProvider(provider);
        boolean offers = p != null && p.getService("KeyFactory", "EC") != null && p.getService("KeyFactory", "EdDSA") != null
                && p.getService("Signature", "SHA256withECDSA") != null && p.getService("Signature", "EdDSA") != null;
        return new ProofKeys(offers ? p : null);
    }

    /** The fastest choice on this JVM: {@code BC} for EC and EdDSA when it is registered, the JDK otherwise. */
    public static ProofKeys fastest() {
        return preferring(BOUNCY_CASTLE);
    }

    /** For server info: which provider verifies what. */
    public String describe() {
        return preferred == null ? "JDK default for all algorithms"
                : preferred.getName() + " for ES256/ES384/ES512/EdDSA, JDK default for RSA";
    }

    /** The checked key of a proof header for a proof of {@code algorithm}. */
    static Key publicKey(Map<String, Object> header, String algorithm) throws InvalidProofException {
        if (!(header.get("jwk") instanceof Map<?, ?> members)) {
            throw new InvalidProofException(KEY, "DPoP proof header has no jwk object");
        }
        if (!Collections.disjoint(members.keySet(), PRIVATE_MEMBERS)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk must not contain private key material");
        }
        String kty = string(members, "kty");
        String crv = members.containsKey("crv") ? string(members, "crv") : null;
        List<String> types = KEY_TYPES.get(algorithm);
        if (types == null) {
            throw new InvalidProofException(KEY, "DPoP proof alg " + algorithm + " has no key type");
        } else if (!types.get(0).equals(kty)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk kty must be " + types.get(0) + " for alg " + algorithm);
        } else if (types.size() > 1 && (crv == null || !types.subList(1, types.size()).contains(crv))) {
            throw new InvalidProofException(KEY, "DPoP proof jwk crv must be "
                    + String.join(" or ", types.subList(1, types.size())) + " for alg " + algorithm);
        }
        switch (kty) {
            case "EC" -> checkEcPoint(members, crv);
            // RFC 8032 §5.1.5, §5.2.5: 32 or 57 bytes; the JDK takes other lengths and fails at verification
            case "OKP" -> {
                if (decoded(members, "x").length != ("Ed25519".equals(crv) ? 32 : 57)) {
                    throw new InvalidProofException(KEY, "DPoP proof jwk x has the wrong length for curve " + crv);
                }
            }
            default -> checkRsaNumbers(members);
        }
        try {
            @SuppressWarnings("unchecked")
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) members);
            return new Key(jwk.getPublicKey(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(jwk.calculateThumbprint(HashUtil.SHA_256)));
        } catch (JoseException | RuntimeException e) {
            // e.g. a member that jose4j reads as a string (kid, use, alg) or a list (key_ops) of another type
            throw new InvalidProofException(KEY, "DPoP proof jwk is not a valid " + kty + " public key");
        }
    }

    /**
     * Whether {@code signature} (base64url) is a JWS signature of {@code algorithm} over {@code signingInput} by
     * {@code key}, by jose4j's algorithm (for ECDSA also the R || S length, r and s not 0 mod n); false on any failure.
     * EC and EdDSA with the preferred provider's own key from the X.509 encoding, which names the curve: a foreign key
     * is translated on every verify, and BouncyCastle's key from curve parameters lacks the precomputation for the
     * curve's generator (about 10% of an ES256 check).
     */
    boolean verifies(String algorithm, PublicKey key, String signingInput, String signature) {
        try {
            ProviderContext context = new ProviderContext();
            if (preferred != null && (algorithm.startsWith("ES") || algorithm.equals("EdDSA"))) {
                key = KeyFactory.getInstance(key.getAlgorithm(), preferred)
                        .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
                context.getSuppliedKeyProviderContext().setSignatureProvider(preferred.getName());
            }
            JsonWebSignatureAlgorithm verifier = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory()
                    .getAlgorithm(algorithm);
            verifier.validateVerificationKey(key);
            return verifier.verifySignature(Base64.getUrlDecoder().decode(signature), key,
                    signingInput.getBytes(StandardCharsets.US_ASCII), context);
        } catch (GeneralSecurityException | JoseException | RuntimeException e) {
            return false; // also a key the provider refuses: an Ed25519 x that is no point
        }
    }

    /** RFC 7518 §6.2.1: coordinates of the curve's full length, below its prime, and a point on it (invalid-curve keys). */
    private static void checkEcPoint(Map<?, ?> members, String crv) throws InvalidProofException {
        ECParameterSpec spec = EllipticCurves.getSpec(crv);
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        byte[] xBytes = decoded(members, "x");
        byte[] yBytes = decoded(members, "y");
        BigInteger x = new BigInteger(1, xBytes);
        BigInteger y = new BigInteger(1, yBytes);
        if (xBytes.length != (p.bitLength() + 7) / 8 || yBytes.length != xBytes.length || x.compareTo(p) >= 0
                || y.compareTo(p) >= 0) {
            throw new InvalidProofException(KEY, "DPoP proof jwk coordinates do not fit curve " + crv);
        }
        if (y.pow(2).subtract(x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB())).mod(p)
                .signum() != 0) {
            throw new InvalidProofException(KEY, "DPoP proof jwk point is not on curve " + crv);
        }
    }

    /** RFC 7518 §6.3.1 and RFC 8017 §3.1: 2048 to 8192 bits, 3 <= e < 2^32 and odd (a larger e only costs time). */
    private static void checkRsaNumbers(Map<?, ?> members) throws InvalidProofException {
        BigInteger n = new BigInteger(1, decoded(members, "n"));
        BigInteger e = new BigInteger(1, decoded(members, "e"));
        if (n.bitLength() < 2048 || n.bitLength() > 8192) {
            throw new InvalidProofException(KEY, "DPoP proof RSA key must have 2048 to 8192 bits");
        }
        if (e.bitLength() > 32 || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new InvalidProofException(KEY, "DPoP proof RSA exponent is not acceptable");
        }
    }

    private static String string(Map<?, ?> members, String name) throws InvalidProofException {
        if (!(members.get(name) instanceof String value)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is missing or not a string");
        }
        return value;
    }

    /** RFC 7515 §2: base64url without padding, strictly (jose4j's own decoder skips characters outside it). */
    private static byte[] decoded(Map<?, ?> members, String name) throws InvalidProofException {
        try {
            return Base64.getUrlDecoder().decode(string(members, name));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is not base64url");
        }
    }
}
