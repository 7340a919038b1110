package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a Node.js test file ({@code node --test --test-reporter=tap <file>}) in its own directory, whose
 * {@code node_modules} the build installed ({@code npm ci}). The output (TAP) goes to a log file and is parsed into
 * the result of each test by name.
 *
 * <pre>{@code
 * NodeTestRun run = NodeTestRun.run(Path.of("src/test/js/dpop-client.test.mjs"), Map.of("KEYCLOAK_URL", url),
 *         Path.of("target/it/js-client.log"), Duration.ofMinutes(3));
 * assertThat(run.exitCode()).as(run.output()).isZero();
 * assertThat(run.results()).containsEntry("refresh works", true);
 * }</pre>
 *
 * The {@code node} on {@code PATH} is used, or the system property {@code node.executable}.
 */
public final class NodeTestRun {

    /** A test's result line, at any depth: {@code ok 3 - name}, {@code not ok 3 - name}, {@code ok 3 - name # SKIP}. */
    private static final Pattern RESULT = Pattern.compile("^\\s*(not ok|ok) \\d+ - (.*?)(?: # (.*))?$");

    private final int exitCode;
    private final String output;
    private final Map<String, Boolean> results;

    private NodeTestRun(int exitCode, String output, Map<String, Boolean> results) {
        this.exitCode = exitCode;
        this.output = output;
        this.results = results;
    }

    /**
     * Runs {@code testFile} with {@code env} added to this JVM's environment, in the file's directory, and waits for
     * it; a run longer than {@code timeout} is killed (exit code -1).
     */
    public static NodeTestRun run(Path testFile, Map<String, String> env, Path logFile, Duration timeout) {
        Path dir = testFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("no node_modules in " + dir + ": the build runs 'npm ci' there"
                    + " (pre-integration-test), or run it by hand");
        }
        String node = System.getProperty("node.executable", "node");
        ProcessBuilder pb = new ProcessBuilder(node, "--test", "--test-reporter=tap", testFile.getFileName().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process = pb.start();
            int exitCode;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exitCode = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exitCode = -1;
            }
            String output = Files.readString(logFile, StandardCharsets.UTF_8);
            return new NodeTestRun(exitCode, output, parse(output));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + node + " (Node.js 20+ must be on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + testFile, e);
        }
    }

    private static Map<String, Boolean> parse(String tap) {
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (String line : tap.lines().toList()) {
            Matcher m = RESULT.matcher(line);
            if (m.matches()) {
                // a skipped or to-do test has not passed
                boolean directive = m.group(3) != null && m.group(3).matches("(?i)(skip|todo)\\b.*");
                results.put(unescape(m.group(2)), m.group(1).equals("ok") && !directive);
            }
        }
        return results;
    }

    /** TAP escapes {@code #} and {@code \} in test names. */
    private static String unescape(String name) {
        return name.replace("\\#", "#").replace("\\\\", "\\");
    }

    /** The exit code of {@code node}: 0 when every test passed, -1 after a timeout. */
    public int exitCode() {
        return exitCode;
    }

    /** Everything the run printed (TAP, with the failures' diagnostics). */
    public String output() {
        return output;
    }

    /** Each test's name and whether it passed (a skipped test did not), in the order of the output. */
    public Map<String, Boolean> results() {
        return results;
    }

    /** The names of the tests that ran. */
    public List<String> names() {
        return List.copyOf(results.keySet());
    }
}
