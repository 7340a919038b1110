package io.github.dpoprefresh.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * How many distinct user sessions: mergeable across hours and nodes, and no session id stored. Each session id is
 * kept as the first 64 bits of its SHA-256 (not reversible; the figures never need the id back). Up to
 * {@value #EXACT_LIMIT} hashes the count is exact (two sessions share a 64-bit hash with negligible odds); above, the
 * hashes become a HyperLogLog of 2^12 registers (standard error about 1.6%).
 *
 * <p>Not thread-safe: a bucket's sketch is built in one thread at the flush.
 */
public final class SessionSketch {

    static final int EXACT_LIMIT = 1024;
    private static final int P = 12;
    private static final int M = 1 << P;

    /** The hashes while exact, else null. */
    private Set<Long> hashes = new HashSet<>();
    /** The registers once approximate, else null. */
    private byte[] registers;

    public static SessionSketch empty() {
        return new SessionSketch();
    }

    public SessionSketch add(String sessionId) {
        return addHash(hash(sessionId));
    }

    SessionSketch addHash(long hash) {
        if (registers != null) {
            int index = (int) (hash >>> (64 - P));
            byte rank = (byte) Math.min(Long.numberOfLeadingZeros(hash << P) + 1, 64 - P + 1);
            if (registers[index] < rank) {
                registers[index] = rank;
            }
        } else if (hashes.add(hash) && hashes.size() > EXACT_LIMIT) {
            registers = new byte[M];
            Set<Long> exact = hashes;
            hashes = null;
            exact.forEach(this::addHash);
        }
        return this;
    }

    /** This sketch with the other's sessions added; the other is unchanged. */
    public SessionSketch merge(SessionSketch other) {
        if (other.registers == null) {
            other.hashes.forEach(this::addHash);
            return this;
        }
        if (registers == null) {
            registers = new byte[M];
            Set<Long> exact = hashes;
            hashes = null;
            exact.forEach(this::addHash);
        }
        for (int i = 0; i < M; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
        return this;
    }

    public boolean exact() {
        return registers == null;
    }

    public long estimate() {
        if (registers == null) {
            return hashes.size();
        }
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            if (register == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double estimate = alpha * M * M / sum;
        if (estimate <= 2.5 * M && zeros > 0) {
            estimate = M * Math.log((double) M / zeros);
        }
        return Math.round(estimate);
    }

    /** Text for a database column: {@code x} and the hashes, or {@code h} and the registers, in base64. */
    public String encode() {
        if (registers != null) {
            return "h" + Base64.getEncoder().encodeToString(registers);
        }
        ByteBuffer bytes = ByteBuffer.allocate(hashes.size() * Long.BYTES);
        hashes.stream().sorted().forEach(bytes::putLong);
        return "x" + Base64.getEncoder().encodeToString(bytes.array());
    }

    /** The sketch {@link #encode} wrote; an empty sketch for null or empty text. */
    public static SessionSketch decode(String text) {
        SessionSketch sketch = new SessionSketch();
        if (text == null || text.isEmpty()) {
            return sketch;
        }
        byte[] bytes = Base64.getDecoder().decode(text.substring(1));
        if (text.charAt(0) == 'h' && bytes.length == M) {
            sketch.hashes = null;
            sketch.registers = bytes;
        } else if (text.charAt(0) == 'x' && bytes.length % Long.BYTES == 0) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                sketch.addHash(buffer.getLong());
            }
        } else {
            throw new IllegalArgumentException("not a session sketch");
        }
        return sketch;
    }

    static long hash(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
