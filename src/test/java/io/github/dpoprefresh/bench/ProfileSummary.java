package io.github.dpoprefresh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time (or the allocated memory) of a refresh goes, from async-profiler's collapsed stacks or a JFR
 * recording: per area of a refresh (a frame anywhere on the stack, optionally below another one), per refresh, for
 * each profiled mode side by side, and what a mode adds to a plain refresh. {@code java ... ProfileSummary
 * <file.collapsed|file.jfr> [top]} prints the shares of one profile.
 */
public final class ProfileSummary {

    /**
     * An area of a refresh: a stack counts when a frame starts with one of the prefixes; below {@code within} if set,
     * and then, if {@code direct}, only as the frame that {@code within} called.
     */
    record Area(String name, String within, boolean direct, List<String> prefixes) {
    }

    private static final String OURS = "io.github.dpoprefresh.";
    private static final String JOSE4J = OURS + "shaded.jose4j.";
    private static final String VALIDATE = OURS + "proof.ProofValidator.validate";
    private static final String BEFORE_GRANT = OURS + "keycloak.ProofGate.beforeTokenRequest";

    /** Inclusive, so they overlap; indented ones are parts of the one above. Old and new code paths both named. */
    static final List<Area> AREAS = List.of(
            area("the extension before the grant (ProofGate.beforeTokenRequest)", null, BEFORE_GRANT),
            area("  proof validation (ProofValidator.validate)", null, VALIDATE),
            area("    signature check (JCA Signature: BouncyCastle for EC/EdDSA)", VALIDATE, "java.security.Signature."),
            area("    key object (JCA KeyFactory)", VALIDATE, "java.security.KeyFactory."),
            area("    jose4j JWK object", VALIDATE, JOSE4J + "jwk.PublicJsonWebKey$Factory.newPublicJwk",
                    "org.jose4j.jwk.PublicJsonWebKey$Factory.newPublicJwk"),
            area("    JSON reading (Jackson)", VALIDATE, OURS + "proof.ProofValidator.jsonObject",
                    "com.fasterxml.jackson."),
            area("    base64url, UTF-8 and compact-form checks", VALIDATE, OURS + "proof.ProofValidator.jsonText",
                    OURS + "proof.ProofValidator.isBase64UrlOrDot"),
            area("    key checks (on curve, sizes)", VALIDATE, OURS + "proof.ProofKeys.checkEcPoint",
                    OURS + "proof.ProofKeys.checkRsaNumbers"),
            area("    thumbprint (jose4j)", VALIDATE, JOSE4J + "jwk.JsonWebKey.calculateThumbprint",
                    "org.jose4j.jwk.JsonWebKey.calculateThumbprint"),
            area("    htm and htu (HttpChecks)", VALIDATE, OURS + "proof.HttpChecks."),
            area("  replay store (ReplayGuard, singleUseObjects)", null, OURS + "replay."),
            area("  refresh token read (PresentedToken.read)", null, OURS + "keycloak.PresentedToken.read"),
            area("  client and mode lookup (publicClient, BindingMode, isUseDPoP)", BEFORE_GRANT,
                    OURS + "keycloak.RequestClient.clientId", OURS + "binding.ClientSettings.read",
                    "org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper."),
            area("  Keycloak's proof object and session attributes (asKeycloakProof, setAttribute)", BEFORE_GRANT,
                    OURS + "keycloak.KeycloakHandOff.handOver", "org.keycloak.services.DefaultKeycloakSession.setAttribute"),
            area("metrics (BindingMetrics, all calls)", null, OURS + "metrics."),
            area("request wrapper (ProofHidingRequest, all calls)", null, OURS + "keycloak.ProofHidingRequest"),
            new Area("success event detail and binding metric (ProofCheckingGrant.process, own part)",
                    OURS + "keycloak.ProofCheckingGrant.process", true,
                    List.of("org.keycloak.events.EventBuilder.detail", OURS + "metrics.")),
            area("core: DPoP proof check (DPoPUtil.handleDPoPHeader)", null, "org.keycloak.services.util.DPoPUtil.handleDPoPHeader"),
            area("core: binding check of the refresh token (DPoPUtil.validateBinding)", null,
                    "org.keycloak.services.util.DPoPUtil.validateBinding"),
            area("Keycloak's refresh grant (RefreshTokenGrantType.process)", null,
                    "org.keycloak.protocol.oidc.grants.RefreshTokenGrantType.process"),
            area("  refresh token verification (TokenManager.verifyRefreshToken)", null,
                    "org.keycloak.protocol.oidc.TokenManager.verifyRefreshToken"),
            area("  token response (AccessTokenResponseBuilder.build)", null,
                    "org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder.build"),
            area("    token signing (JWSBuilder)", null, "org.keycloak.jose.jws.JWSBuilder"),
            area("  events (EventBuilder.success)", null, "org.keycloak.events.EventBuilder.success"),
            area("database (Hibernate)", null, "org.hibernate."),
            area("Infinispan", null, "org.infinispan."),
            area("the token endpoint, all of it (TokenEndpoint.processGrantRequest)", null,
                    "org.keycloak.protocol.oidc.endpoints.TokenEndpoint.processGrantRequest"),
            area("JIT compiler threads", null, "CompileBroker::"),
            area("garbage collector threads", null, "G1", "GangWorker::", "WorkerThread::", "ConcurrentGCThread::"));

    private static Area area(String name, String within, String... prefixes) {
        return new Area(name, within, false, List.of(prefixes));
    }

    /** One profiled window of one mode: its stacks and the number of refreshes answered in it. */
    public record Window(String mode, List<Stack> stacks, long refreshes) {

        public static Window of(String mode, Path collapsed, long refreshes) throws IOException {
            return new Window(mode, collapsed(collapsed), refreshes);
        }

        long total() {
            return stacks.stream().mapToLong(Stack::weight).sum();
        }
    }

    public record Stack(List<String> framesTopFirst, long weight) {
    }

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        System.out.println(file.toString().endsWith(".jfr") ? summary(file, top)
                : shares(collapsed(file), top, "async-profiler samples (all threads: Java, native, JIT, GC)"));
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
        return shares(stacks, top, "JFR execution samples (Java code only)");
    }

    /** Async-profiler's collapsed stacks ({@code frame;frame;...;top weight} per line, root first). */
    static List<Stack> collapsed(Path collapsed) throws IOException {
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
        return stacks;
    }

    /**
     * Per refresh, side by side: each area's cost in each window, and what each non-first window adds to the first
     * (the plain refresh); then the leaf frames that grew most, with the nearest frame of ours or Keycloak's above.
     *
     * @param unit       what a weight is per refresh after {@code perWeight}, e.g. {@code us} or {@code bytes}
     * @param perWeight  the unit per sample weight (1000 us per 1 ms CPU sample; 1 byte per allocated byte)
     */
    public static String perRefresh(List<Window> windows, String unit, double perWeight, int top) {
        Window base = windows.get(0);
        List<Map<String, Double>> areaCosts = windows.stream().map(w -> areas(w, perWeight)).toList();
        StringBuilder out = new StringBuilder("| area (inclusive), " + unit + " per refresh |");
        windows.forEach(w -> out.append(' ').append(w.mode()).append(" |"));
        windows.stream().skip(1).forEach(w -> out.append(' ').append(w.mode()).append(" - ").append(base.mode()).append(" |"));
        out.append("\n|---|").append("---|".repeat(2 * windows.size() - 1)).append('\n');
        for (String area : areaCosts.get(0).keySet()) {
            out.append("| ").append(area.replace("  ", "&nbsp;&nbsp;")).append(" |");
            areaCosts.forEach(costs -> out.append(' ').append(format(costs.get(area))).append(" |"));
            for (int i = 1; i < windows.size(); i++) {
                out.append(' ').append(signed(areaCosts.get(i).get(area) - areaCosts.get(0).get(area))).append(" |");
            }
            out.append('\n');
        }
        for (int i = 1; i < windows.size(); i++) {
            out.append('\n').append(topGrowth(base, windows.get(i), unit, perWeight, top));
        }
        return out.toString();
    }

    private static Map<String, Double> areas(Window window, double perWeight) {
        Map<String, Double> costs = new LinkedHashMap<>();
        costs.put("all samples of the Keycloak JVM", window.total() * perWeight / window.refreshes());
        AREAS.forEach(area -> costs.put(area.name(), 0.0));
        for (Stack stack : window.stacks()) {
            for (Area area : AREAS) {
                if (matches(area, stack)) {
                    costs.merge(area.name(), stack.weight() * perWeight / window.refreshes(), Double::sum);
                }
            }
        }
        return costs;
    }

    private static boolean matches(Area area, Stack stack) {
        List<String> frames = stack.framesTopFirst();
        int rootmost = frames.size() - 1;
        if (area.within() != null) {
            rootmost = -1;
            for (int i = frames.size() - 1; i >= 0 && rootmost < 0; i--) {
                if (frames.get(i).startsWith(area.within())) {
                    rootmost = i - 1;
                }
            }
        }
        for (int i = rootmost; i >= (area.direct() ? rootmost : 0) && i >= 0; i--) {
            for (String prefix : area.prefixes()) {
                if (frames.get(i).startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Self time (or allocation site) per refresh that grew most from {@code base} to {@code other}. */
    private static String topGrowth(Window base, Window other, String unit, double perWeight, int top) {
        Map<String, Double> growth = new HashMap<>();
        self(base).forEach((frame, w) -> growth.merge(frame, -w * perWeight / base.refreshes(), Double::sum));
        self(other).forEach((frame, w) -> growth.merge(frame, w * perWeight / other.refreshes(), Double::sum));
        StringBuilder out = new StringBuilder("| top frame (self), with the nearest frame of ours or Keycloak's above it | "
                + unit + " per refresh, " + other.mode() + " - " + base.mode() + " |\n|---|---|\n");
        growth.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | ").append(signed(e.getValue())).append(" |\n"));
        return out.toString();
    }

    /** Weight per leaf frame, keyed {@code leaf <- owner}. */
    private static Map<String, Long> self(Window window) {
        Map<String, Long> self = new HashMap<>();
        for (Stack stack : window.stacks()) {
            List<String> frames = stack.framesTopFirst();
            String owner = frames.stream().skip(1).filter(f -> f.startsWith(OURS) || f.startsWith("org.keycloak."))
                    .findFirst().map(f -> " <- " + f).orElse("");
            self.merge(frames.get(0) + owner, stack.weight(), Long::sum);
        }
        return self;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + format(value).replace("-", "&minus;");
    }

    /** Shares of all samples of one profile: per area (inclusive) and per top frame (self). */
    static String shares(List<Stack> stacks, int top, String what) {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        AREAS.forEach(a -> inclusive.put(a.name(), 0L));
        long samples = 0;
        for (Stack stack : stacks) {
            samples += stack.weight();
            self.merge(stack.framesTopFirst().get(0), stack.weight(), Long::sum);
            for (Area area : AREAS) {
                if (matches(area, stack)) {
                    inclusive.merge(area.name(), stack.weight(), Long::sum);
                }
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
