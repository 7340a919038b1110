package io.github.dpoprefresh.proof;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
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

import io.github.dpoprefresh.bench.BenchProofs;

/**
 * The parts of a proof check other than the signature, each the way the validator did it with jose4j and the way it
 * does it now, on the proofs of {@code ProofValidationBenchmark}: reading header and payload (jose4j's json_simple,
 * two parses per proof, against {@link StrictJson}), and the key (the same checks, then jose4j's JWK object, its
 * BouncyCastle copy and jose4j's thumbprint, against a key made from its numbers and our thumbprint).
 *
 * <p>Run: {@code mvn -B -Pbench verify -Dbench.load.skip=true -Dbench.filter=ProofPartsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProofPartsBenchmark {

    @State(Scope.Benchmark)
    public static class Parts {

        @Param({BenchProofs.ES256, BenchProofs.EDDSA})
        public String alg;

        String header;
        String payload;
        Map<String, Object> headerMembers;
        JsonWebSignature jws;
        SignatureProviders signatures;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String[] parts = BenchProofs.get(alg).jws().split("\\.");
            header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            headerMembers = StrictJson.object(header);
            jws = new JsonWebSignature();
            jws.setCompactSerialization(BenchProofs.get(alg).jws());
            BenchProofs.bouncyCastle();
            signatures = SignatureProviders.fastest();
            if (!keyAsBefore().thumbprint().equals(keyNow().thumbprint())) {
                throw new IllegalStateException(alg + ": the two key paths disagree");
            }
        }

        ProofKeys.Key keyAsBefore() throws Exception {
            PublicJsonWebKey jwk = ProofKeys.publicKey(jws, alg);
            return new ProofKeys.Key(signatures.verificationKey(jwk.getPublicKey(), alg), ProofValidator.thumbprint(jwk));
        }

        ProofKeys.Key keyNow() throws Exception {
            return ProofKeys.publicKey(headerMembers, alg, signatures);
        }
    }

    @Benchmark
    public Object jsonBefore(Parts parts) throws Exception {
        return JsonUtil.parseJson(parts.header).size() + JsonUtil.parseJson(parts.payload).size();
    }

    @Benchmark
    public Object jsonNow(Parts parts) throws Exception {
        return StrictJson.object(parts.header).size() + StrictJson.object(parts.payload).size();
    }

    @Benchmark
    public ProofKeys.Key keyBefore(Parts parts) throws Exception {
        return parts.keyAsBefore();
    }

    @Benchmark
    public ProofKeys.Key keyNow(Parts parts) throws Exception {
        return parts.keyNow();
    }
}
