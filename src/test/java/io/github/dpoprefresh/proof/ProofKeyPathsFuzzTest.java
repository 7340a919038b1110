package io.github.dpoprefresh.proof;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key the validator makes from a {@code jwk} (straight from its numbers, by the JDK's providers or by
 * BouncyCastle) against the key jose4j makes from the same members, for any {@code alg} and {@code jwk}: both
 * refuse it with the same reason and description, or both accept it as the same key with the same thumbprint.
 */
class ProofKeyPathsFuzzTest {

    static final SignatureProviders JDK = SignatureProviders.jdk();
    static final SignatureProviders FASTEST;

    static {
        SignatureProvidersTest.registerBouncyCastle();
        FASTEST = SignatureProviders.fastest();
    }

    static Stream<Arguments> algAndJwk() {
        return Stream.of(
                arguments("ES256", FuzzHarness.ES256.jwk().toPublicJWK().toJSONString()),
                arguments("RS256", FuzzHarness.RS256.jwk().toPublicJWK().toJSONString()),
                arguments("EdDSA", FuzzHarness.ED25519.jwk().toPublicJWK().toJSONString()),
                arguments("EdDSA", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"),
                arguments("ES256", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"kid\":1,\"key_ops\":[]}"));
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void algAndJwk(@NotNull @WithUtf8Length(max = 40) String alg, @NotNull @WithUtf8Length(max = 3_000) String jwk) {
        Map<String, Object> header;
        try {
            header = StrictJson.object("{\"jwk\":" + jwk + "}");
        } catch (JsonSyntaxException notJson) {
            return;
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.getHeaders().setObjectHeaderValue("jwk", header.get("jwk"));
        Object jose4j = outcome(() -> {
            PublicJsonWebKey key = ProofKeys.publicKey(jws, alg);
            return new ProofKeys.Key(key.getPublicKey(), ProofValidator.thumbprint(key));
        });
        for (SignatureProviders providers : new SignatureProviders[] {JDK, FASTEST}) {
            Object ours = outcome(() -> ProofKeys.publicKey(header, alg, providers));
            FuzzHarness.require(same(ours, jose4j), "with " + providers.describe() + ": " + describe(ours)
                    + ", jose4j: " + describe(jose4j) + " for alg " + alg + " and jwk " + jwk);
        }
    }

    private interface KeyMaker {
        ProofKeys.Key make() throws InvalidProofException;
    }

    private static Object outcome(KeyMaker maker) {
        try {
            return maker.make();
        } catch (InvalidProofException e) {
            return e;
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof InvalidProofException x && b instanceof InvalidProofException y) {
            return x.reason() == y.reason() && x.getMessage().equals(y.getMessage());
        }
        return a instanceof ProofKeys.Key x && b instanceof ProofKeys.Key y && x.thumbprint().equals(y.thumbprint())
                && Arrays.equals(x.publicKey().getEncoded(), y.publicKey().getEncoded());
    }

    private static String describe(Object outcome) {
        return outcome instanceof InvalidProofException e ? "refused (" + e.reason() + ": " + e.getMessage() + ")"
                : "accepted (" + ((ProofKeys.Key) outcome).thumbprint() + ")";
    }
}
