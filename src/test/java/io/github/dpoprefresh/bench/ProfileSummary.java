package io.github.dpoprefresh.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes in a JFR recording or async-profiler's collapsed stacks: the share of execution samples per top frame (self time), and the
 * share of samples that have a frame of each area of interest anywhere on the stack (inclusive time).
 * {@code java ... ProfileSummary <file.jfr> [top]}.
 */
public final class ProfileSummary {

    /** Areas of a refresh request, by frame prefix; inclusive, so they overlap. */
    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("the extension's work before the grant (ProofGate.beforeTokenRequest)", "io.github.dpoprefresh.keycloak.ProofGate.beforeTokenRequest");
        AREAS.put("  its proof validation (ProofValidator.validate)", "io.github.dpoprefresh.proof.ProofValidator.validate");
        AREAS.put("  its signature verification (jose4j JWS verify)", "io.github.dpoprefresh.shaded.jose4j.jws.JsonWebSignature.verifySignature");
        AREAS.put("  its replay check (ReplayGuard)", "io.github.dpoprefresh.replay.");
        AREAS.put("core DPoP validation (DPoPUtil.validateDPoP)", "org.keycloak.services.util.DPoPUtil.validateDPoP");
        AREAS.put("SunEC (JDK EC/EdDSA)", "sun.security.ec.");
        AREAS.put("BouncyCastle", "org.bouncycastle.");
        AREAS.put("Keycloak's refresh grant (RefreshTokenGrantType.process)", "org.keycloak.protocol.oidc.grants.RefreshTokenGrantType.process");
        AREAS.put("  refresh token verification (TokenManager.verifyRefreshToken)", "org.keycloak.protocol.oidc.TokenManager.verifyRefreshToken");
        AREAS.put("  token response (TokenManager$AccessTokenResponseBuilder.build)", "org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder.build");
        AREAS.put("token signing (Keycloak's own JWS sign)", "org.keycloak.jose.jws.JWSBuilder");
        AREAS.put("RSA private-key operations (BigInteger)", "java.math.BigInteger.");
        AREAS.put("database (JDBC / Hibernate)", "org.hibernate.");
        AREAS.put("Infinispan", "org.infinispan.");
        AREAS.put("HTTP (Vert.x / Netty)", "io.netty.");
        AREAS.put("JIT compiler threads", "CompileBroker::");
        AREAS.put("garbage collector threads", "G1");
    }

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        System.out.println(file.toString().endsWith(".jfr") ? summary(file, top) : summaryOfCollapsed(file, top));
    }

    /** A JFR recording's Java execution samples (threads running Java code only). */
    public static String summary(Path recording, int top) throws IOException {
        List<Stack> stacks = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null
                    && !event.getStackTrace().getFrames().isEmpty()) {
                stacks.add(new Stack(event.getStackTrace().getFrames().stream().map(ProfileSummary::name).toList(), 1));
            }
        }
        return summary(stacks, top, "JFR execution samples (Java code only)");
    }

    /**
     * Async-profiler's collapsed stacks ({@code frame;frame;...;top count} per line, root first): every thread, Java,
     * native, JIT compiler and GC alike.
     */
    public static String summaryOfCollapsed(Path collapsed, int top) throws IOException {
        List<Stack> stacks = new ArrayList<>();
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            List<String> frames = new ArrayList<>(Arrays.asList(line.substring(0, space).split(";")));
            frames.replaceAll(f -> f.replaceAll("_\\[[a-z0-9]\\]$", "").replace('/', '.'));
            Collections.reverse(frames);
            stacks.add(new Stack(frames, Long.parseLong(line.substring(space + 1))));
        }
        return summary(stacks, top, "async-profiler CPU samples (all threads: Java, native, JIT, GC)");
    }

    private record Stack(List<String> framesTopFirst, long weight) {
    }

    private static String summary(List<Stack> stacks, int top, String what) {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        AREAS.keySet().forEach(a -> inclusive.put(a, 0L));
        long samples = 0;
        for (Stack stack : stacks) {
            samples += stack.weight();
            self.merge(stack.framesTopFirst().get(0), stack.weight(), Long::sum);
            Set<String> seen = new HashSet<>();
            for (String name : stack.framesTopFirst()) {
                AREAS.forEach((area, prefix) -> {
                    if (name.startsWith(prefix) && seen.add(area)) {
                        inclusive.merge(area, stack.weight(), Long::sum);
                    }
                });
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d %s, Keycloak JVM%n%n", samples, what));
        out.append("| area (inclusive: a frame anywhere on the stack) | share of samples |\n|---|---|\n");
        double total = Math.max(1, samples);
        inclusive.forEach((area, n) -> out.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", area, 100.0 * n / total)));
        out.append("\n| top frame (self time) | share of samples |\n|---|---|\n");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / total)));
        return out.toString();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
