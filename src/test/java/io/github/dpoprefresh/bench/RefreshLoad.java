package io.github.dpoprefresh.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.testing.ProofKey;

/**
 * End-to-end throughput of {@code refresh_token} grants against the real Keycloak distribution with the extension
 * installed: a plain refresh (no proof, a client with the binding off) against a DPoP-bound refresh (a fresh proof
 * per request, signed before the timed window), with Keycloak's {@code dpop} feature off and on; with it on, also
 * core Keycloak's own DPoP-bound refresh (a client with our binding off that sends proofs, so core binds).
 *
 * <p>Method: N client threads (default 16, enough to saturate a 2-core machine) each hold their own user session
 * and refresh in a closed loop. After a warm-up, the modes run in alternating order for R rounds (default 10) of S
 * seconds each; the result per mode is the median of its rounds, reported as a ratio to plain. The CPU time the
 * Keycloak process used per request and the machine's idle share are printed per round, to show saturation. Any
 * answer other than 200 stops the run.
 *
 * <p>Run it with {@code mvn -B -Pbench verify} (see docs/benchmarks.md); system properties {@code bench.load.*}.
 */
public final class RefreshLoad {

    private static final int THREADS = Integer.getInteger("bench.load.threads", 16);
    private static final int ROUNDS = Integer.getInteger("bench.load.rounds", 10);
    private static final int ROUND_SECONDS = Integer.getInteger("bench.load.seconds", 15);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.load.warmup.seconds", 60);
    /** Which Keycloak configurations: {@code off} ({@code --features-disabled=dpop}), {@code on} (default features). */
    private static final List<String> FEATURES =
            List.of(System.getProperty("bench.load.features", "off,on").split(","));
    /** When set: a profile of this mode (e.g. {@code ours,core}) in an extra window after the rounds, summarised in the report. */
    private static final List<String> PROFILE_MODES = List.of(System.getProperty("bench.load.profile", "").split(","));
    /** Length of each profile window (a CPU one, then with async-profiler an allocation one), at most 20 s as a round. */
    private static final int PROFILE_SECONDS = Integer.getInteger("bench.load.profile.seconds", 15);
    /**
     * Async-profiler's {@code libasyncProfiler.so} (Maven Central {@code tools.profiler:async-profiler:4.1:jar:linux-x64})
     * for that profile: it sees every thread (JIT compiler and GC too); without it, JFR, which sees Java code only.
     */
    private static final String ASYNC_PROFILER = System.getProperty("bench.load.async-profiler", "");
    /** When above zero: after the rounds, this many minutes of the bound mode, sampling the replay store. */
    private static final int SOAK_MINUTES = Integer.getInteger("bench.load.soak.minutes", 0);
    private static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
    /** The proof keys' algorithm: ES256 (what phones' secure hardware has), EdDSA or RS256. */
    private static final String ALGORITHM = System.getProperty("bench.load.alg", "ES256");
    /** Signs the client's proofs fast (outside the timed windows), so that core's 25-second window is never missed. */
    private static final java.security.Provider CLIENT_SIGNER = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    static final String REALM = "bench";
    static final String USER = "bench-user";
    static final String PASSWORD = "bench-password";

    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

    /** A kind of refresh: which client, and whether each request carries a proof. */
    record Mode(String name, String clientId, boolean proof, String description) {
    }

    static final Mode PLAIN = new Mode("plain", "plain-app", false, "plain refresh, no proof (binding off)");
    static final Mode OURS = new Mode("ours", "bound-app", true, "DPoP-bound refresh, this extension (binding optional)");
    static final Mode CORE = new Mode("core", "core-app", true, "DPoP-bound refresh, core Keycloak (binding off)");

    private final KeycloakServer server;
    private final List<Mode> modes;
    private final URI tokenEndpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final Map<Mode, List<Session>> sessions = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();

    private RefreshLoad(KeycloakServer server, List<Mode> modes) {
        this.server = server;
        this.modes = modes;
        this.tokenEndpoint = server.tokenEndpoint(REALM);
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the pool's threads would keep the JVM alive
        }
    }

    private static void run(String[] args) throws Exception {
        Files.createDirectories(OUT);
        StringBuilder all = new StringBuilder();
        all.append(String.format(Locale.ROOT, "# refresh_token load: %d threads, %d rounds x %d s, warm-up %d s per mode, "
                        + "%s proofs, %d CPUs, JDK %s%n%n", THREADS, ROUNDS, ROUND_SECONDS, WARMUP_SECONDS, ALGORITHM,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        for (String feature : FEATURES) {
            boolean on = feature.trim().equals("on");
            KeycloakServer server = KeycloakServer.builder("bench-dpop-" + (on ? "on" : "off"))
                    .production(on ? List.of("--db=dev-file", "--cache=local", "--metrics-enabled=true")
                            : List.of("--db=dev-file", "--cache=local", "--metrics-enabled=true", "--features-disabled=dpop"))
                    .options("--hostname-strict=false", "--log-level=INFO")
                    .build();
            server.start();
            try {
                RefreshLoad load = new RefreshLoad(server, on ? List.of(PLAIN, OURS, CORE) : List.of(PLAIN, OURS));
                all.append("## Keycloak `dpop` feature ").append(on ? "on" : "off").append("\n\n");
                all.append(load.run());
            } finally {
                server.stop();
            }
        }
        System.out.println(all);
        Files.writeString(OUT.resolve("load.md"), all);
        System.out.println("[bench] written to " + OUT.resolve("load.md"));
        System.exit(0);
    }

    private String run() throws Exception {
        setUpRealm();
        for (Mode mode : modes) {
            sessions.put(mode, login(mode));
        }
        Map<Mode, Double> warmRate = new LinkedHashMap<>();
        for (Mode mode : modes) {
            // the first proof pool is sized for the plain rate; later ones for the mode's own warm rate
            // in windows of a round's length: a proof is signed before its window and must still be fresh at its end
            double rate = warmRate.getOrDefault(PLAIN, 2000.0);
            for (int left = WARMUP_SECONDS; left > 0; left -= ROUND_SECONDS) {
                rate = Math.max(rate, measure(mode, Math.min(left, ROUND_SECONDS), rate, null).rate());
            }
            warmRate.put(mode, rate);
        }
        Map<Mode, List<Result>> results = new LinkedHashMap<>();
        modes.forEach(m -> results.put(m, new ArrayList<>()));
        report.append("| round | mode | refreshes/s | p50 ms | p99 ms | Keycloak CPU ms/refresh | load generator CPU ms/refresh "
                        + "| Keycloak's share of the CPUs | machine idle | load average |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        // proof pools are sized for the fastest rate seen so far
        double maxRate = warmRate.values().stream().mapToDouble(Double::doubleValue).max().orElse(2000);
        for (int round = 1; round <= ROUNDS; round++) {
            List<Mode> order = new ArrayList<>(modes);
            java.util.Collections.rotate(order, -(round - 1));
            for (Mode mode : order) {
                Result r = measure(mode, ROUND_SECONDS, maxRate, null);
                maxRate = Math.max(maxRate, r.rate());
                results.get(mode).add(r);
                report.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %.3f | %.3f | %.0f%% | %.1f%% | %.1f |%n",
                        round, mode.name(), r.rate(), r.p50Millis(), r.p99Millis(), r.cpuMillisPerRequest(),
                        r.clientCpuMillisPerRequest(), 100 * r.keycloakShare(), 100 * r.idleShare(), r.loadAverage()));
            }
        }
        // each round's modes ran back to back: a ratio within a round cancels the drift between rounds
        report.append("\n| mode | what | median refreshes/s | throughput / plain, median of the rounds (min-max) "
                        + "| p99 / plain | Keycloak CPU per refresh / plain |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Mode mode : modes) {
            report.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s |%n", mode.name(), mode.description(),
                    median(results.get(mode), Result::rate), paired(results.get(mode), results.get(PLAIN), Result::rate, true),
                    paired(results.get(mode), results.get(PLAIN), Result::p99Millis, false),
                    paired(results.get(mode), results.get(PLAIN), Result::cpuMillisPerRequest, false)));
        }
        if (modes.contains(CORE)) {
            report.append(String.format(Locale.ROOT, "%nours / core, throughput: %s; p99: %s%n",
                    paired(results.get(OURS), results.get(CORE), Result::rate, true),
                    paired(results.get(OURS), results.get(CORE), Result::p99Millis, false)));
        }
        report.append('\n');
        List<ProfileSummary.Window> cpu = new ArrayList<>();
        List<ProfileSummary.Window> alloc = new ArrayList<>();
        for (Mode mode : modes) {
            if (PROFILE_MODES.contains(mode.name())) {
                // extra windows, not counted: the profiler costs CPU of its own
                Path collapsed = profilePath(mode, "cpu");
                Result r = measure(mode, PROFILE_SECONDS, maxRate, "cpu");
                if (!ASYNC_PROFILER.isEmpty()) {
                    cpu.add(ProfileSummary.Window.of(mode.name(), collapsed, r.requests()));
                    collapsed = profilePath(mode, "alloc");
                    r = measure(mode, PROFILE_SECONDS, maxRate, "alloc");
                    alloc.add(ProfileSummary.Window.of(mode.name(), collapsed, r.requests()));
                }
            }
        }
        if (!cpu.isEmpty()) {
            report.append("### CPU per refresh (async-profiler, one ").append(PROFILE_SECONDS)
                    .append(" s window per mode; us of CPU of the Keycloak JVM, all threads)\n\n")
                    .append(ProfileSummary.perRefresh(cpu, "us", 1000.0, 30))
                    .append("\n### Memory allocated per refresh (async-profiler, one ").append(PROFILE_SECONDS)
                    .append(" s window per mode; bytes)\n\n")
                    .append(ProfileSummary.perRefresh(alloc, "bytes", 1.0, 30)).append('\n');
        }
        if (SOAK_MINUTES > 0 && modes.contains(OURS) && !server.name().endsWith("-on")) {
            report.append(soak(OURS, SOAK_MINUTES));
        }
        System.out.println(report);
        return report.toString();
    }

    // ------------------------------------------------------------------ set-up

    private void setUpRealm() {
        var admin = server.admin();
        if (admin.realmExists(REALM)) {
            admin.deleteRealm(REALM);
        }
        admin.createRealm(Map.of("realm", REALM, "enabled", true, "ssoSessionIdleTimeout", 36000,
                "ssoSessionMaxLifespan", 36000));
        admin.createClient(REALM, client(PLAIN.clientId(), "off"));
        admin.createClient(REALM, client(OURS.clientId(), "optional"));
        admin.createClient(REALM, client(CORE.clientId(), null));
        admin.createUser(REALM, USER, PASSWORD);
    }

    private static Map<String, Object> client(String clientId, String binding) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (binding != null) {
            attributes.put("dpop.refresh.binding", binding);
        }
        return Map.of("clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true,
                "standardFlowEnabled", false, "attributes", attributes);
    }

    /** One user session per thread, from a password grant (with a proof for the DPoP modes, so it is bound). */
    private List<Session> login(Mode mode) throws Exception {
        List<Session> list = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            ProofKey key = mode.proof() ? proofKey() : null;
            String form = "grant_type=password&client_id=" + mode.clientId() + "&username=" + USER + "&password=" + PASSWORD;
            HttpResponse<String> r = post(form, key == null ? null : key.proof("POST", tokenEndpoint));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("login for " + mode.name() + " failed: " + r.statusCode() + " " + r.body());
            }
            Session s = new Session(key);
            s.refreshToken = refreshToken(r.body());
            if (mode.proof() && !payload(s.refreshToken).contains("\"jkt\"")) {
                throw new IllegalStateException(mode.name() + ": the refresh token is not bound: " + payload(s.refreshToken));
            }
            if (!mode.proof() && payload(s.refreshToken).contains("\"cnf\"")) {
                throw new IllegalStateException(mode.name() + ": the refresh token is bound");
            }
            list.add(s);
        }
        return list;
    }

    // ------------------------------------------------------------------ measuring

    private static ProofKey proofKey() {
        return switch (ALGORITHM) {
            case "ES256" -> ProofKey.es256();
            case "EdDSA" -> ProofKey.edDsa();
            case "RS256" -> ProofKey.rs256();
            default -> throw new IllegalArgumentException("bench.load.alg: ES256, EdDSA or RS256, not " + ALGORITHM);
        };
    }

    /** A user session of one thread, and the proofs it will send. */
    static final class Session {
        final ProofKey key;
        final com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory signer;
        final ArrayDeque<String> proofs = new ArrayDeque<>();
        String refreshToken;
        int signedInWindow;

        Session(ProofKey key) {
            this.key = key;
            try {
                this.signer = key == null ? null : ALGORITHM.equals("EdDSA")
                        ? new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(key.jwk(), key.algorithm())
                        : new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(key.jwk(), key.algorithm(), CLIENT_SIGNER);
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        String proof(URI tokenEndpoint) {
            try {
                return signer.createDPoPJWT("POST", tokenEndpoint).serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Result(int requests, double seconds, long[] latencies, double cpuSeconds, double clientCpuSeconds,
            double idleShare, double loadAverage) {

        /** The Keycloak JVM's CPU time over the window's CPU time of the whole machine: how much of it Keycloak got. */
        double keycloakShare() {
            return cpuSeconds / (seconds * Runtime.getRuntime().availableProcessors());
        }

        double rate() {
            return requests / seconds;
        }

        double p50Millis() {
            return percentile(0.50);
        }

        double p99Millis() {
            return percentile(0.99);
        }

        double percentile(double p) {
            return latencies.length == 0 ? 0 : latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
        }

        double cpuMillisPerRequest() {
            return requests == 0 ? 0 : cpuSeconds * 1000 / requests;
        }

        double clientCpuMillisPerRequest() {
            return requests == 0 ? 0 : clientCpuSeconds * 1000 / requests;
        }
    }

    private Path profilePath(Mode mode, String event) {
        return OUT.resolve(server.name() + "-" + mode.name() + "-" + event + ".collapsed");
    }

    /** @param profile null, or the async-profiler event of a profile of this window: {@code cpu} (JFR without async-profiler) or {@code alloc} */
    private Result measure(Mode mode, int seconds, double expectedRate, String profile) throws Exception {
        List<Session> list = sessions.get(mode);
        // the profiler first (attaching can take seconds on a busy machine), then the proofs, so that they are fresh
        Path jfr = OUT.resolve(server.name() + "-" + mode.name() + ".jfr");
        Path collapsed = profile == null ? null : profilePath(mode, profile);
        if (profile != null && ASYNC_PROFILER.isEmpty()) {
            jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr.toAbsolutePath());
        } else if (profile != null) {
            // quoted: jcmd would take key=value words for options of its own
            jcmd("JVMTI.agent_load", ASYNC_PROFILER, profile.equals("cpu") ? "\"start,event=cpu,interval=1ms\""
                    : "\"start,event=alloc\"");
        }
        if (mode.proof()) {
            presign(list, (int) Math.ceil(expectedRate * seconds * 1.5 / THREADS) + 20);
        }
        CountDownLatch start = new CountDownLatch(1);
        long[] cpu0 = new long[1];
        long[] machine0 = new long[2];
        List<Future<long[]>> futures = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        long[] window = new long[2];
        for (Session s : list) {
            futures.add(pool.submit(() -> {
                start.await();
                long deadline = window[1];
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    String proof = null;
                    if (mode.proof()) {
                        proof = s.proofs.poll();
                        if (proof == null) {
                            proof = s.proof(tokenEndpoint);
                            s.signedInWindow++;
                        }
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = post("grant_type=refresh_token&client_id=" + mode.clientId()
                            + "&refresh_token=" + s.refreshToken, proof);
                    long t1 = System.nanoTime();
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                        throw new IllegalStateException(mode.name() + ": HTTP " + r.statusCode() + " " + r.body());
                    }
                    s.refreshToken = refreshToken(r.body());
                    if (t1 <= deadline) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        cpu0[0] = keycloakCpuTicks();
        long client0 = cpuTicks(ProcessHandle.current().pid());
        long[] m = machineTicks();
        machine0[0] = m[0];
        machine0[1] = m[1];
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        start.countDown();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        long cpu1 = keycloakCpuTicks();
        long client1 = cpuTicks(ProcessHandle.current().pid());
        long[] machine1 = machineTicks();
        if (profile != null && ASYNC_PROFILER.isEmpty()) {
            jcmd("JFR.stop", "name=bench");
            report.append("Profile of a `").append(mode.name()).append("` window: `").append(jfr)
                    .append("`\n\n").append(ProfileSummary.summary(jfr, 25)).append('\n');
        } else if (profile != null) {
            // total: allocation profiles weighted by bytes, not by samples
            jcmd("JVMTI.agent_load", ASYNC_PROFILER, "\"stop,collapsed" + (profile.equals("alloc") ? ",total" : "")
                    + ",file=" + collapsed.toAbsolutePath() + "\"");
        }
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int late = list.stream().mapToInt(s -> s.signedInWindow).sum();
        if (late > 0) {
            System.out.printf("[bench] %s: %d proofs were signed inside the timed window (pool too small)%n", mode.name(), late);
            list.forEach(s -> s.signedInWindow = 0);
        }
        double ticksPerSecond = 100.0; // USER_HZ on Linux
        double idle = (machine1[1] - machine0[1]) / (double) Math.max(1, machine1[0] - machine0[0]);
        return new Result(latencies.length, seconds, latencies, (cpu1 - cpu0[0]) / ticksPerSecond,
                (client1 - client0) / ticksPerSecond, idle, loadAverage());
    }

    /** Signs each thread's proofs for the next window, on all cores, before the clock starts. */
    private void presign(List<Session> list, int perSession) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (Session s : list) {
            s.proofs.clear();
            done.add(pool.submit(() -> {
                for (int i = 0; i < perSession; i++) {
                    s.proofs.add(s.proof(tokenEndpoint));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    // ------------------------------------------------------------------ replay store over time

    /**
     * The bound mode for {@code minutes}, printing every 30 s the number of entries in Keycloak's single-use-object
     * store (Infinispan cache {@code actionTokens}, from the metrics endpoint) and the heap after a full GC.
     */
    private String soak(Mode mode, int minutes) throws Exception {
        StringBuilder out = new StringBuilder("### Replay store over ").append(minutes).append(" minutes of `")
                .append(mode.name()).append("` at saturation\n\n| minute | refreshes/s | actionTokens entries | heap used after GC (MB) |\n|---|---|---|---|\n");
        int slices = minutes * 2;
        double rate = 2000;
        for (int i = 1; i <= slices; i++) {
            rate = measure(mode, 30, rate, null).rate();
            jcmd("GC.run");
            out.append(String.format(Locale.ROOT, "| %.1f | %.0f | %s | %s |%n", i / 2.0, rate, actionTokenEntries(),
                    heapUsedMegabytes()));
            System.out.print(out.substring(out.lastIndexOf("\n", out.length() - 2) + 1));
        }
        return out.append('\n').toString();
    }

    private String actionTokenEntries() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.managementUri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^vendor_statistics_approximate_entries\\{[^}]*cache=\"actionTokens\"[^}]*} ([0-9.Ee+]+)$")
                    .matcher(r.body());
            return m.find() ? String.valueOf((long) Double.parseDouble(m.group(1))) : "n/a";
        } catch (IOException | InterruptedException e) {
            return "n/a";
        }
    }

    private String heapUsedMegabytes() throws IOException, InterruptedException {
        String info = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? String.valueOf(Long.parseLong(m.group(1)) / 1024) : "n/a";
    }

    // ------------------------------------------------------------------ plumbing

    private HttpResponse<String> post(String form, String proof) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (proof != null) {
            b.header("DPoP", proof);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String refreshToken(String body) {
        Matcher m = REFRESH_TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no refresh token in " + body.substring(0, Math.min(200, body.length())));
        }
        return m.group(1);
    }

    private static String payload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * {@code a / b} per round (the rounds of both lists pair up by index): the median, and the range, e.g.
     * {@code **0.912x** (0.880-0.951)}.
     */
    private static String paired(List<Result> a, List<Result> b, java.util.function.ToDoubleFunction<Result> f,
            boolean bold) {
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i));
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        return String.format(Locale.ROOT, bold ? "**%.3fx** (%.3f-%.3f)" : "%.3fx (%.3f-%.3f)", median, ratios[0],
                ratios[n - 1]);
    }

    /** The machine's one-minute load average: other work on the machine shows here. */
    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** The Keycloak JVM: the java process under the harness' {@code kc.sh}. */
    private long keycloakPid() {
        try {
            long kcSh = Long.parseLong(Files.readString(server.home().resolve(".harness-pid")).trim());
            return ProcessHandle.of(kcSh).stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** utime + stime of the Keycloak JVM, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
    private long keycloakCpuTicks() throws IOException {
        return cpuTicks(keycloakPid());
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {total, idle} ticks of the whole machine (/proc/stat). */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(keycloakPid()));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
