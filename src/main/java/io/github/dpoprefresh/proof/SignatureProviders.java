package io.github.dpoprefresh.proof;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/**
 * Which JCA provider verifies which proof signature. The JDK's own EC and EdDSA verification (SunEC) is an order of
 * magnitude slower than BouncyCastle's (see docs/benchmarks.md), and Keycloak's default distribution ships and
 * registers BouncyCastle as {@code BC}. So EC and EdDSA go to {@code BC} when it is registered and verifies a
 * signature made by the JDK's own keys; RSA stays with the JDK (SunRsaSign is as fast). Nothing is registered or
 * shaded here: without {@code BC} (e.g. a FIPS distribution, which registers {@code BCFIPS}) the JDK's choice.
 */
public final class SignatureProviders {

    /** BouncyCastle's provider name, as registered by Keycloak's default crypto provider. */
    public static final String BOUNCY_CASTLE = "BC";

    /** The registered provider that verifies EC and EdDSA, or null for the JDK's choice. */
    private final Provider preferred;

    private SignatureProviders(Provider preferred) {
        this.preferred = preferred;
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
        Provider registered = provider == null ? null : Security.getProvider(provider);
        if (registered == null) {
            return jdk();
        }
        SignatureProviders candidate = new SignatureProviders(registered);
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            boolean works = candidate.verifiesOnlyTheRealSignature("ES256", ec.generateKeyPair())
                    && candidate.verifiesOnlyTheRealSignature("EdDSA", KeyPairGenerator.getInstance("Ed25519")
                    .generateKeyPair());
            return works ? candidate : jdk();
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
        return preferred == null ? null : preferred.getName();
    }

    /** For server info: which provider verifies what. */
    public String describe() {
        return preferred == null ? "JDK default for all algorithms"
                : preferred.getName() + " for ES256/ES384/ES512/EdDSA, JDK default for RSA";
    }

    /**
     * The provider that makes the key of a proof of {@code algorithm} (jose4j's {@code jcaProvider}): for EC and EdDSA
     * the preferred one, so that it verifies its own key object instead of translating a JDK key on every verify;
     * otherwise null, the JDK's choice.
     */
    String keyProvider(String algorithm) {
        return prefers(algorithm) ? preferred.getName() : null;
    }

    /**
     * Whether {@code signature} is a valid JWS signature of {@code algorithm} over {@code signingInput} by {@code key}:
     * jose4j's verification (for ECDSA: the R || S length, r and s not 0 mod n, then DER for the JCA), by the chosen
     * provider. False on any failure.
     */
    boolean verifies(String algorithm, PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            JsonWebSignatureAlgorithm verifier = jose4jAlgorithm(algorithm);
            verifier.validateVerificationKey(key);
            return verifier.verifySignature(signature, key, signingInput, contextFor(algorithm));
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    ProviderContext contextFor(String algorithm) {
        ProviderContext context = new ProviderContext();
        if (prefers(algorithm)) {
            context.getSuppliedKeyProviderContext().setSignatureProvider(preferred.getName());
        }
        return context;
    }

    private boolean prefers(String algorithm) {
        return preferred != null && (algorithm.startsWith("ES") || algorithm.equals("EdDSA"));
    }

    private static JsonWebSignatureAlgorithm jose4jAlgorithm(String algorithm) throws JoseException {
        return AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(algorithm);
    }

    /** Signs with the JDK's key, verifies with this provider's key through the path proofs take, refuses it tampered. */
    private boolean verifiesOnlyTheRealSignature(String algorithm, KeyPair keys) throws JoseException {
        byte[] input = "self-check".getBytes(StandardCharsets.US_ASCII);
        JsonWebSignatureAlgorithm signer = jose4jAlgorithm(algorithm);
        byte[] signature = signer.sign(signer.prepareForSign(keys.getPrivate(), new ProviderContext()), input);
        PublicKey key = PublicJsonWebKey.Factory.newPublicJwk(PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic())
                .toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), keyProvider(algorithm)).getPublicKey();
        byte[] tampered = signature.clone();
        tampered[tampered.length - 1] ^= 1;
        return verifies(algorithm, key, input, signature) && !verifies(algorithm, key, input, tampered);
    }
}
