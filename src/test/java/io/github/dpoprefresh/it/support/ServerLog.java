package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The console output of one Keycloak configuration ({@code ${work.dir}/<name>.log}): what {@code kc.sh build} and each
 * launch wrote, each after a {@code # command} header line, and the positions where the last launch began and where it
 * was ready.
 */
final class ServerLog {

    private static final int TAIL_LINES = 80;

    private final Path file;
    private volatile long launchOffset;
    private volatile long startupLength;
    /** The log holds a build's output that the next launch must not overwrite. */
    private volatile boolean keep;

    ServerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** A new log for {@code kc.sh build}; the launch that follows appends to it. */
    void beginBuild(List<String> command) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, header("", command));
        keep = true;
    }

    /** The header of a launch: a new log for a first start, appended for a restart or after a build. */
    void beginLaunch(List<String> command, boolean restart) throws IOException {
        Files.createDirectories(file.getParent());
        String header = header(restart ? "harness: restart: " : "", command);
        if (restart || keep) {
            launchOffset = Files.isRegularFile(file) ? Files.size(file) : 0;
            Files.writeString(file, header, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            launchOffset = 0;
            Files.writeString(file, header);
        }
        keep = false;
    }

    /** The server answered: {@link #startup()} ends here. */
    void markStarted() throws IOException {
        startupLength = Files.size(file);
    }

    /** A line of the harness' own, e.g. that it killed the server. */
    void note(String line) {
        try {
            Files.writeString(file, "# " + line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only a note for whoever reads the log
        }
    }

    String all() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the log exists and contains {@code text}. */
    boolean contains(String text) {
        return Files.isRegularFile(file) && all().contains(text);
    }

    /** The log up to the moment the last launch was ready. */
    String startup() {
        return slice(0, startupLength);
    }

    /** The log since the header of the last launch. */
    String sinceLaunch() {
        return slice(launchOffset, Long.MAX_VALUE);
    }

    /** The last lines, for error messages; never fails. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private String slice(long from, long to) {
        try {
            byte[] all = Files.readAllBytes(file);
            int start = (int) Math.min(from, all.length);
            int end = (int) Math.min(to, all.length);
            return new String(all, start, end - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(String prefix, List<String> command) {
        return "# " + prefix + String.join(" ", command) + System.lineSeparator();
    }
}
