package io.github.dpoprefresh.bench;

import java.nio.file.Path;

/**
 * Starts JMH ({@code org.openjdk.jmh.Main}, same arguments) after writing the run's proofs to the file named by
 * {@code -Dbench.fixture}, so that every benchmark fork measures the same proof strings (see {@link BenchProofs}).
 * JMH's forks inherit this JVM's arguments, {@code -Dbench.fixture} included.
 */
public final class JmhLauncher {

    private JmhLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String fixture = System.getProperty(BenchProofs.FIXTURE_PROPERTY);
        if (fixture != null) {
            BenchProofs.write(Path.of(fixture));
        }
        org.openjdk.jmh.Main.main(args);
    }
}
