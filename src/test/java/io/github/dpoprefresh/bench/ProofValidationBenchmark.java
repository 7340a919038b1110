package io.github.dpoprefresh.bench;

import static io.github.dpoprefresh.bench.BenchProofs.EDDSA;
import static io.github.dpoprefresh.bench.BenchProofs.ES256;
import static io.github.dpoprefresh.bench.BenchProofs.METHOD;
import static io.github.dpoprefresh.bench.BenchProofs.PS256;
import static io.github.dpoprefresh.bench.BenchProofs.RS256;
import static io.github.dpoprefresh.bench.BenchProofs.TOKEN_ENDPOINT;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.core.UriInfo;

import org.jose4j.jws.JsonWebSignature;
import org.keycloak.common.crypto.CryptoIntegration;
import org.keycloak.common.util.Time;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;

import io.github.dpoprefresh.proof.ProofPolicy;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ProofKeys;
import io.github.dpoprefresh.proof.ValidProof;

/**
 * The cost of checking one DPoP proof (RFC 9449 §4.3) at the token endpoint, per algorithm: our
 * {@link ProofValidator} against the bare signature check, Nimbus OAuth 2.0 SDK's verifier and Keycloak 26.7.3's own
 * {@code DPoPUtil}. Every benchmark measures the same valid proof per algorithm ({@link BenchProofs}): {@code htm}
 * POST, {@code htu} {@code https://kc.example/realms/r/protocol/openid-connect/token}. Each state's setup checks once that its method accepts that proof (and throws
 * if not), so no benchmark measures a fast rejection.
 *
 * <p>Run: {@code mvn -B -Pbench verify} (see pom.xml, profile 'bench').
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProofValidationBenchmark {

    /**
     * The floor: BouncyCastle's signature verification alone, over the proof's signing input ({@code header.payload}
     * in ASCII), with the key from the proof's {@code jwk} header. Signing input, signature and the key's X.509
     * encoding are decoded in setup; measured is what every validator does per proof at least: a BC key object from
     * the encoded key, a new {@link Signature} of the BC provider, {@code initVerify}, {@code update}, {@code verify}.
     * {@code rawVerifyReusedKey} reuses one key object instead: BouncyCastle keeps its precomputation for the key's
     * point in it, which only a cache of keys across requests could give a server (ES256: about a third of the time).
     */
    @State(Scope.Benchmark)
    public static class RawVerify {

        @Param({ES256, RS256, PS256, EDDSA})
        public String alg;

        Provider bouncyCastle;
        String jcaName;
        String keyAlgorithm;
        byte[] encodedKey;
        PublicKey key;
        byte[] signingInput;
        byte[] signature;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String proof = BenchProofs.get(alg).jws();
            bouncyCastle = BenchProofs.bouncyCastle();
            String[] parts = proof.split("\\.");
            signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            signature = Base64.getUrlDecoder().decode(parts[2]);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(proof);
            PublicKey jdkKey = jws.getJwkHeader().getPublicKey();
            keyAlgorithm = switch (alg) {
                case ES256 -> "EC";
                case RS256, PS256 -> "RSA";
                case EDDSA -> "Ed25519";
                default -> throw new IllegalArgumentException(alg);
            };
            // a BC key object, so that verify() does not translate a JDK key on every call
            encodedKey = jdkKey.getEncoded();
            key = KeyFactory.getInstance(keyAlgorithm, bouncyCastle).generatePublic(new X509EncodedKeySpec(encodedKey));
            jcaName = switch (alg) {
                case ES256 -> "SHA256withPLAIN-ECDSA"; // JOSE's R||S signature as it is, no DER conversion
                case RS256 -> "SHA256withRSA";
                case PS256 -> "SHA256withRSAandMGF1"; // BC's defaults: MGF1 with SHA-256, 32-byte salt = JWS PS256
                case EDDSA -> "Ed25519";
                default -> throw new IllegalArgumentException(alg);
            };
            if (!verify() || !verifyWithReusedKey()) {
                throw new IllegalStateException(alg + ": BouncyCastle rejects the proof's signature");
            }
        }

        boolean verify() throws Exception {
            Signature verifier = Signature.getInstance(jcaName, bouncyCastle);
            verifier.initVerify(KeyFactory.getInstance(keyAlgorithm, bouncyCastle).generatePublic(new X509EncodedKeySpec(encodedKey)));
            verifier.update(signingInput);
            return verifier.verify(signature);
        }

        boolean verifyWithReusedKey() throws Exception {
            Signature verifier = Signature.getInstance(jcaName, bouncyCastle);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        }
    }

    /** Our validator, default policy, clock fixed at the proof's iat; signatures verified by BC or the JDK default. */
    @State(Scope.Benchmark)
    public static class Ours {

        @Param({ES256, RS256, PS256, EDDSA})
        public String alg;

        String proof;
        ProofValidator withBouncyCastle;
        ProofValidator withJdkProviders;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchProofs.Proof made = BenchProofs.get(alg);
            proof = made.jws();
            long iat = made.iat();
            BenchProofs.bouncyCastle(); // registered as in the server, where Keycloak's crypto provider adds it
            ProofKeys fastest = ProofKeys.fastest();
            if (!fastest.describe().startsWith("BC ")) {
                throw new IllegalStateException("BouncyCastle was not chosen: " + fastest.describe());
            }
            // as in the server: BouncyCastle for EC and EdDSA, the JDK for RSA
            withBouncyCastle = new ProofValidator(ProofPolicy.defaults(), () -> iat, fastest);
            withJdkProviders = new ProofValidator(ProofPolicy.defaults(), () -> iat, ProofKeys.jdk());
            // throws InvalidProofException if either rejects the proof
            withBouncyCastle.validate(proof, METHOD, TOKEN_ENDPOINT);
            withJdkProviders.validate(proof, METHOD, TOKEN_ENDPOINT);
        }
    }

    /**
     * Nimbus OAuth 2.0 SDK's token endpoint verifier (signatures by the JDK's default providers). Its replay check is
     * given a no-op single-use checker (every proof is new), so that no replay store is measured. Nimbus reads the
     * wall clock and has no clock to inject, so its accepted age is widened to a day to keep the proof valid for the
     * whole run. Nimbus supports only EC and RSA proofs (DPoPCommonVerifier.SUPPORTED_JWS_ALGORITHMS): no EdDSA.
     */
    @State(Scope.Benchmark)
    public static class Nimbus {

        @Param({ES256, RS256, PS256})
        public String alg;

        String proof;
        DPoPTokenRequestVerifier verifier;
        DPoPIssuer issuer;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            proof = BenchProofs.get(alg).jws();
            Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.EC);
            algorithms.addAll(JWSAlgorithm.Family.RSA);
            verifier = new DPoPTokenRequestVerifier(algorithms, TOKEN_ENDPOINT, 30, 24 * 3600, use -> {
                // no-op: every proof is new, no replay store is measured
            });
            issuer = new DPoPIssuer("bench-client");
            if (verify() == null) {
                throw new IllegalStateException(alg + ": Nimbus accepts the proof but gives no thumbprint");
            }
        }

        JWKThumbprintConfirmation verify() throws Exception {
            return verifier.verify(issuer, SignedJWT.parse(proof));
        }
    }

    /**
     * Keycloak 26.7.3's own validation, {@code new DPoPUtil.Validator(session).uriInfo(..).method(..).dPoP(..).validate()}
     * (what its token endpoint runs), with its real signature provider factories and its default crypto provider
     * (keycloak-crypto-default, BouncyCastle): see {@link KeycloakSessionStub} for what the session serves. The replay
     * store is replaced by an always-new one, so that only the validation is measured. Keycloak's clock
     * ({@code Time.currentTime()}) is set to the proof's iat at the start of each iteration (Keycloak accepts a proof for
     * 10 s + 15 s skew, so an iteration may last up to about 20 s).
     */
    @State(Scope.Benchmark)
    public static class Keycloak {

        @Param({ES256, RS256, PS256, EDDSA})
        public String alg;

        String proof;
        long iat;
        KeycloakSessionStub session;
        UriInfo uriInfo;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchProofs.Proof made = BenchProofs.get(alg);
            proof = made.jws();
            iat = made.iat();
            try {
                CryptoIntegration.init(ProofValidationBenchmark.class.getClassLoader());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Keycloak's crypto provider (keycloak-crypto-default, from the Keycloak"
                        + " distribution) is not on the classpath: run the benchmarks with -Pbench", e);
            }
            session = new KeycloakSessionStub();
            uriInfo = KeycloakSessionStub.uriInfo(TOKEN_ENDPOINT);
            alignClock();
            DPoP accepted = validate(); // throws VerificationException if Keycloak rejects the proof
            if (accepted.getThumbprint() == null) {
                throw new IllegalStateException(alg + ": Keycloak accepts the proof but gives no thumbprint");
            }
        }

        @Setup(Level.Iteration)
        public void alignClock() {
            Time.setOffset(Math.toIntExact(iat - System.currentTimeMillis() / 1000));
        }

        DPoP validate() throws Exception {
            session.newRequest();
            return new DPoPUtil.Validator(session.session()).uriInfo(uriInfo).method(METHOD).dPoP(proof).validate();
        }
    }

    /**
     * {@code ours} and {@code rawVerify} of the same proof, one after the other in every invocation (in turn first),
     * each timed on its own: the secondary results {@code oursNanos} and {@code rawVerifyNanos} are their times per
     * iteration, so that their ratio compares them over the same moments of the same JVM. On a shared machine this is
     * the fair comparison: separate forks of separate benchmarks run minutes apart, and their times differ by 10-15 %
     * from fork to fork and minute to minute (JIT, other work on the machine), more than the difference measured.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Paired {
        public long oursNanos;
        public long rawVerifyNanos;
        boolean oursFirst;

        @Setup(Level.Iteration)
        public void reset() {
            oursNanos = 0;
            rawVerifyNanos = 0;
        }
    }

    @Benchmark
    public boolean oursAndRawVerifyPaired(Ours ours, RawVerify raw, Paired paired) throws Exception {
        paired.oursFirst = !paired.oursFirst;
        long start = System.nanoTime();
        boolean valid = paired.oursFirst ? ours(ours) != null : raw.verify();
        long middle = System.nanoTime();
        valid &= paired.oursFirst ? raw.verify() : ours(ours) != null;
        long end = System.nanoTime();
        paired.oursNanos += paired.oursFirst ? middle - start : end - middle;
        paired.rawVerifyNanos += paired.oursFirst ? end - middle : middle - start;
        return valid;
    }

    @Benchmark
    public boolean rawVerify(RawVerify state) throws Exception {
        return state.verify();
    }

    @Benchmark
    public boolean rawVerifyReusedKey(RawVerify state) throws Exception {
        return state.verifyWithReusedKey();
    }

    @Benchmark
    public ValidProof ours(Ours state) throws Exception {
        return state.withBouncyCastle.validate(state.proof, METHOD, TOKEN_ENDPOINT);
    }

    @Benchmark
    public ValidProof oursJdkProvider(Ours state) throws Exception {
        return state.withJdkProviders.validate(state.proof, METHOD, TOKEN_ENDPOINT);
    }

    @Benchmark
    public JWKThumbprintConfirmation nimbus(Nimbus state) throws Exception {
        return state.verify();
    }

    @Benchmark
    public DPoP keycloakDPoPUtil(Keycloak state) throws Exception {
        return state.validate();
    }
}
