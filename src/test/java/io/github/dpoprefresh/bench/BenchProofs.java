package io.github.dpoprefresh.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Properties;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import io.github.dpoprefresh.testing.ProofKey;

/**
 * The proofs the benchmarks measure: one valid proof per algorithm ({@code htm} POST, {@code htu} the token endpoint),
 * all with the same {@code iat}.
 *
 * <p>JMH runs each benchmark and algorithm in a JVM of its own (a fork). So that every benchmark of a run measures
 * the SAME proof string, {@link JmhLauncher} makes the proofs once, before JMH starts, and writes them to the file named
 * by the system property {@value #FIXTURE_PROPERTY}; the forks inherit the launcher's JVM arguments and read that file.
 * Without the property (JMH run directly, an IDE) each fork makes its own proofs.
 */
public final class BenchProofs {

    public static final String ES256 = "ES256";
    public static final String RS256 = "RS256";
    public static final String PS256 = "PS256";
    /** Ed25519. */
    public static final String EDDSA = "EdDSA";
    public static final List<String> ALGORITHMS = List.of(ES256, RS256, PS256, EDDSA);

    public static final String METHOD = "POST";
    public static final URI TOKEN_ENDPOINT = URI.create("https://kc.example/realms/r/protocol/openid-connect/token");

    /** System property: the file with the run's proofs (written by {@link JmhLauncher}). */
    public static final String FIXTURE_PROPERTY = "bench.fixture";

    private static final String IAT = "iat";

    private static Properties proofs;

    private BenchProofs() {
    }

    /** A proof and its {@code iat} (seconds since the epoch): the benchmarks' clocks are fixed at that second. */
    public record Proof(String algorithm, String jws, long iat) {
    }

    public static synchronized Proof get(String algorithm) {
        if (proofs == null) {
            String file = System.getProperty(FIXTURE_PROPERTY);
            proofs = file == null ? make() : read(Path.of(file));
        }
        String jws = proofs.getProperty(algorithm);
        if (jws == null) {
            throw new IllegalArgumentException("no proof for alg " + algorithm + "; the benchmarks know " + ALGORITHMS);
        }
        return new Proof(algorithm, jws, Long.parseLong(proofs.getProperty(IAT)));
    }

    /** Makes one key and one proof per algorithm, and writes the proofs (not the keys) to {@code file}. */
    public static void write(Path file) {
        Properties made = make();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "bench-proofs", ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                made.store(out, "DPoP proofs of one benchmark run (JmhLauncher)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties make() {
        long iat = System.currentTimeMillis() / 1000;
        Properties made = new Properties();
        made.setProperty(IAT, Long.toString(iat));
        for (String algorithm : ALGORITHMS) {
            made.setProperty(algorithm, key(algorithm).proof(METHOD, TOKEN_ENDPOINT, iat));
        }
        return made;
    }

    private static ProofKey key(String algorithm) {
        return switch (algorithm) {
            case ES256 -> ProofKey.es256();
            case RS256 -> ProofKey.rs256();
            case PS256 -> ProofKey.ps256();
            case EDDSA -> ProofKey.edDsa();
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    private static Properties read(Path file) {
        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmark proofs (-D" + FIXTURE_PROPERTY + "=" + file
                    + "; JmhLauncher writes them)", e);
        }
        return read;
    }

    /**
     * BouncyCastle, registered as Keycloak's crypto provider registers it (appended, so the JDK's providers stay the
     * defaults): the same provider list in every benchmark's JVM.
     */
    public static synchronized Provider bouncyCastle() {
        Provider bc = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (bc == null) {
            bc = new BouncyCastleProvider();
            Security.addProvider(bc);
        }
        return bc;
    }
}
