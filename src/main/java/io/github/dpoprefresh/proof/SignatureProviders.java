package io.github.dpoprefresh.proof;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;

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

    private SignatureProviders(String ecAndEdDsa) {
        this.ecAndEdDsa = ecAndEdDsa;
    }

    /** Every algorithm verified by the JDK's choice of provider. */
    public static SignatureProviders jdk() {
        return new SignatureProviders(null);
    }

    /**
     * EC and EdDSA verified by {@code provider} if it is registered and passes a self-check (it verifies an ES256
     * and an Ed25519 signature over JDK-made keys through jose4j, the path proofs take); otherwise {@link #jdk()}.
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
     * The key that verifies a proof of {@code algorithm}: for EC and EdDSA with a preferred provider, that provider's
     * own key object (made from the key's X.509 encoding), so that it does not translate a JDK key on every verify.
     */
    PublicKey verificationKey(PublicKey jdkKey, String algorithm) {
        if (ecAndEdDsa == null || !(algorithm.startsWith("ES") || algorithm.equals("EdDSA"))) {
            return jdkKey;
        }
        try {
            return KeyFactory.getInstance(algorithm.equals("EdDSA") ? "EdDSA" : "EC", ecAndEdDsa)
                    .generatePublic(new X509EncodedKeySpec(jdkKey.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return jdkKey;
        }
    }

    ProviderContext contextFor(String algorithm) {
        ProviderContext context = new ProviderContext();
        if (ecAndEdDsa != null && (algorithm.startsWith("ES") || algorithm.equals("EdDSA"))) {
            context.getSuppliedKeyProviderContext().setSignatureProvider(ecAndEdDsa);
        }
        return context;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void selfCheck(String provider, String algorithm, KeyPair keys) throws Exception {
        JsonWebSignature signer = new JsonWebSignature();
        signer.setAlgorithmHeaderValue(algorithm);
        signer.setPayload("self-check");
        signer.setKey(keys.getPrivate());
        String signed = signer.getCompactSerialization();
        if (!verifies(provider, algorithm, signed, keys.getPublic())
                || verifies(provider, algorithm, signed.substring(0, signed.length() - 4) + "AAAA", keys.getPublic())) {
            throw new IllegalStateException(provider + " does not verify " + algorithm + " as the JDK does");
        }
    }

    private static boolean verifies(String provider, String algorithm, String signed, PublicKey key) throws Exception {
        JsonWebSignature verifier = new JsonWebSignature();
        verifier.setCompactSerialization(signed);
        verifier.setKey(key);
        ProviderContext context = new ProviderContext();
        context.getSuppliedKeyProviderContext().setSignatureProvider(provider);
        verifier.setProviderContext(context);
        try {
            return verifier.verifySignature();
        } catch (org.jose4j.lang.JoseException e) {
            return false;
        }
    }
}
