package io.github.dpoprefresh.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/**
 * Which JCA provider verifies which proof signature. The JDK's own EC and EdDSA verification (SunEC) is an order of
 * magnitude slower than BouncyCastle's (JDK 17: ES256 ~780 us against ~60 us; see docs/benchmarks.md), and Keycloak's
 * default distribution ships and registers BouncyCastle as {@code BC}. So EC and EdDSA go to {@code BC} when it is
 * registered and verifies a signature made by the JDK's own keys; RSA stays with the JDK (SunRsaSign is as fast).
 * Nothing is registered or shaded here: without {@code BC} (e.g. a FIPS distribution, which registers
 * {@code BCFIPS} as the JDK's first provider) every algorithm uses the JDK's choice.
 */
public final class SignatureProviders {

    /** BouncyCastle's provider name, as registered by Keycloak's default crypto provider. */
    public static final String BOUNCY_CASTLE = "BC";

    private final String ecAndEdDsa;
    /** The registered provider of that name, looked up once. */
    private final Provider preferred;
    /** Per algorithm, the provider that verifies its signatures, as jose4j takes it. */
    private final Map<String, ProviderContext> contexts;

    private SignatureProviders(String ecAndEdDsa) {
        this.ecAndEdDsa = ecAndEdDsa;
        this.preferred = ecAndEdDsa == null ? null : Security.getProvider(ecAndEdDsa);
        this.contexts = ProofPolicy.ALL_ALGORITHMS.stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), this::contextFor));
    }

    /** Every algorithm verified by the JDK's choice of provider. */
    public static SignatureProviders jdk() {
        return new SignatureProviders(null);
    }

    /**
     * EC and EdDSA verified by {@code provider} if it is registered and passes a self-check (it verifies an ES256
     * and an Ed25519 signature of JDK-made keys, with its own key objects, the path proofs take, and refuses them
     * tampered); otherwise {@link #jdk()}.
     */
    public static SignatureProviders preferring(String provider) {
        if (provider == null || Security.getProvider(provider) == null) {
            return jdk();
        }
        try {
            selfCheck(provider, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ecKeys());
            selfCheck(provider, AlgorithmIdentifiers.EDDSA, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            return new SignatureProviders(provider);
        } catch (Exception | LinkageError e) {
            return jdk();
        }
    }

    /** The fastest choice on this JVM: {@code BC} for EC and EdDSA when it works, the JDK otherwise. */
    public static SignatureProviders fastest() {
        return preferring(BOUNCY_CASTLE);
    }

    /** The provider that verifies EC and EdDSA signatures, or {@code null} for the JDK's choice. */
    public String ecAndEdDsaProvider() {
        return ecAndEdDsa;
    }

    /** For server info: which provider verifies what. */
    public String describe() {
        return ecAndEdDsa == null ? "JDK default for all algorithms"
                : ecAndEdDsa + " for ES256/ES384/ES512/EdDSA, JDK default for RSA";
    }

    /**
     * The key that verifies a proof of {@code algorithm}, from the key jose4j made: for EC and EdDSA with a preferred
     * provider, that provider's own key object (re-made from the X.509 encoding), so that it does not translate a JDK
     * key on every verify; otherwise, or if the preferred provider refuses the encoding, the JDK's key.
     */
    PublicKey verificationKey(PublicKey jdkKey, String algorithm) {
        if (!prefers(algorithm)) {
            return jdkKey;
        }
        try {
            return KeyFactory.getInstance(keyType(algorithm), preferred)
                    .generatePublic(new X509EncodedKeySpec(jdkKey.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return jdkKey;
        }
    }

    /**
     * Whether {@code signature} is a valid JWS signature of {@code algorithm} over {@code signingInput} by {@code key}:
     * jose4j's verification (for ECDSA: the R || S length, r and s not 0 mod n, then DER for the JCA), by the chosen
     * provider. False on any failure.
     */
    boolean verifies(String algorithm, PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            JsonWebSignatureAlgorithm verifier = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory()
                    .getAlgorithm(algorithm);
            verifier.validateVerificationKey(key);
            return verifier.verifySignature(signature, key, signingInput, contexts.get(algorithm));
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    ProviderContext contextFor(String algorithm) {
        ProviderContext context = new ProviderContext();
        if (prefers(algorithm)) {
            context.getSuppliedKeyProviderContext().setSignatureProvider(ecAndEdDsa);
        }
        return context;
    }

    private boolean prefers(String algorithm) {
        return preferred != null && (algorithm.startsWith("ES") || algorithm.equals("EdDSA"));
    }

    private static String keyType(String algorithm) {
        return algorithm.startsWith("ES") ? "EC" : algorithm.equals("EdDSA") ? "EdDSA" : "RSA";
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Signs with the JDK's key, verifies through the path proofs take, and refuses a tampered signature. */
    private static void selfCheck(String provider, String algorithm, KeyPair keys) throws Exception {
        JsonWebSignature signer = new JsonWebSignature();
        signer.setAlgorithmHeaderValue(algorithm);
        signer.setPayload("self-check");
        signer.setKey(keys.getPrivate());
        String[] signed = signer.getCompactSerialization().split("\\.");
        byte[] input = (signed[0] + "." + signed[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64.getUrlDecoder().decode(signed[2]);
        SignatureProviders candidate = new SignatureProviders(provider);
        PublicKey key = KeyFactory.getInstance(keyType(algorithm), provider)
                .generatePublic(new X509EncodedKeySpec(keys.getPublic().getEncoded()));
        byte[] tampered = signature.clone();
        tampered[tampered.length - 1] ^= 1;
        if (!candidate.verifies(algorithm, key, input, signature)
                || candidate.verifies(algorithm, key, input, tampered)) {
            throw new IllegalStateException(provider + " does not verify " + algorithm + " as the JDK does");
        }
    }
}
