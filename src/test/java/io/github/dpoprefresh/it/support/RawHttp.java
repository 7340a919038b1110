package io.github.dpoprefresh.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-built HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to send (odd header names
 * or bytes, huge headers): {@link OAuthClient#rawPost} and {@link OAuthClient#rawRequest}.
 */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * The bytes of {@code POST <path> HTTP/1.1} with {@code Host}, {@code Content-Length} and {@code Connection: close},
     * then {@code rawHeaderBlock} exactly as given (a final CRLF is added if missing), the blank line and the body.
     */
    static byte[] post(URI endpoint, byte[] rawHeaderBlock, byte[] body) {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        String path = endpoint.getRawPath() + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        writeAscii(req, "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n");
        req.writeBytes(rawHeaderBlock);
        int n = rawHeaderBlock.length;
        if (n > 0 && !(n >= 2 && rawHeaderBlock[n - 2] == '\r' && rawHeaderBlock[n - 1] == '\n')) {
            writeAscii(req, "\r\n");
        }
        writeAscii(req, "\r\n");
        req.writeBytes(body);
        return req.toByteArray();
    }

    /**
     * Writes a complete hand-built request to {@code host:port} and parses the answer (status line, headers,
     * body by {@code Content-Length}, chunked encoding or end of stream). If the server closes while the request is
     * still being written (e.g. a 431 for a huge header), the answer it sent is still returned.
     */
    static TokenResponse request(String host, int port, byte[] request, Duration timeout) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            IOException writeFailure = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
            try {
                return readResponse(socket.getInputStream());
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to " + host + ":" + port, e);
        }
    }

    private static TokenResponse readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = first(headers, "content-length");
        String encoding = first(headers, "transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    break;
                }
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    break;
                }
                b.writeBytes(in.readNBytes(n));
                readLine(in);
            }
            body = b.toByteArray();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.trim()));
        } else {
            body = in.readAllBytes();
        }
        return TokenResponse.of(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    static void writeAscii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
