package io.github.dpoprefresh.it.support;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Waiting, and ending a child process with every process it forked: written once for the whole harness. */
final class Processes {

    private Processes() {
    }

    /** {@link Thread#sleep}; an interrupt ends the wait with an exception (and keeps the thread's flag). */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void sleep(long millis) {
        sleep(Duration.ofMillis(millis));
    }

    /** A process started with stdin from {@code /dev/null} and stdout + stderr appended to {@code log}. */
    static ProcessBuilder logging(List<String> command, File directory, File log) {
        return new ProcessBuilder(command)
                .directory(directory)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * SIGTERM to {@code root} and every process it forked, SIGKILL to whatever is still alive after {@code timeout}.
     * Returns when all are gone (or SIGKILL was sent).
     */
    static void stopTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                // killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * SIGKILL to {@code root} and every process it forked, as {@code kill -9}; waits until each is gone.
     *
     * @throws IllegalStateException when one survives {@code timeout}
     */
    static void killTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + h.pid() + " survived SIGKILL", e);
            }
        }
    }

    /**
     * Ends (SIGTERM, then SIGKILL) the process tree of {@code pid} if that process is still alive and its command line
     * contains {@code marker}: a process a killed test JVM left behind, never someone else's that reuses the pid.
     */
    static void stopLeftover(long pid, String marker, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().info().commandLine().orElse("").contains(marker)) {
            stopTree(handle.get(), timeout);
        }
    }

    /**
     * Waits up to {@code timeout} for {@code p} to exit and returns its exit code; if it is still running then (or the
     * wait is interrupted), its tree is killed and an {@link IllegalStateException} says {@code what} took too long.
     */
    static int awaitExit(Process p, Duration timeout, String what) {
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            killTree(p.toHandle(), Duration.ofSeconds(20));
            throw new IllegalStateException(what + " took longer than " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p.toHandle(), Duration.ofSeconds(20));
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    /** The descendants of {@code root}, then {@code root} itself. */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        return tree;
    }
}
