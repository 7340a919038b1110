package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** Free ports on the loopback interface, each handed out at most once per JVM (two servers never get the same). */
final class Ports {

    private static final Set<Integer> USED = Collections.synchronizedSet(new HashSet<>());

    private Ports() {
    }

    /** A port in {@code [from, to)} that is free now and that this JVM has not handed out before. */
    static int freeLoopbackPort(int from, int to) {
        for (int candidate = from; candidate < to; candidate++) {
            if (!USED.contains(candidate) && isFree(candidate) && USED.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port in [" + from + ", " + to + ")");
    }

    /** An ephemeral port chosen by the OS that this JVM has not handed out before. */
    static int ephemeral() {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (USED.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a loopback socket", e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** Whether nothing listens on {@code 127.0.0.1:port} (it can be bound now). */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
