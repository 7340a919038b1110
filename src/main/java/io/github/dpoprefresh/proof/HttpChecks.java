package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.HTM;
import static io.github.dpoprefresh.proof.InvalidProofException.Reason.HTU;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/** RFC 9449 §4.3 items 8 and 9: the proof was made for this request's method and URI. */
final class HttpChecks {

    private HttpChecks() {
    }

    static void checkMethod(String htm, String method) throws InvalidProofException {
        // RFC 9110 §9.1: methods are case-sensitive
        if (!htm.equals(method)) {
            throw new InvalidProofException(HTM, "DPoP proof htm does not match the request method " + method);
        }
    }

    /**
     * Compares without query and fragment (RFC 9449 §4.3 item 9), equal only up to the equivalences of RFC 3986
     * §6.2.2 and §6.2.3 and nothing else: the case of scheme and host, of the hex digits of a percent-encoding, a
     * percent-encoded unreserved character and the character ({@code %7E} and {@code ~}, never {@code %2F} and
     * {@code /}), dot segments, the default port, an empty path and {@code /}. Repeated slashes are not collapsed.
     */
    static void checkUri(String htu, URI requestUri) throws InvalidProofException {
        if (htu.equals(requestUri.toString())) {
            // the same text is the same URI: only whether it is an http(s) URL is left to check
            if (normalized(requestUri) == null) {
                throw new InvalidProofException(HTU, "DPoP proof htu must be an absolute http(s) URI");
            }
            return;
        }
        String claimed;
        try {
            claimed = normalized(new URI(htu));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new InvalidProofException(HTU, "DPoP proof htu is not a valid URI");
        }
        if (claimed == null) {
            throw new InvalidProofException(HTU, "DPoP proof htu must be an absolute http(s) URI");
        }
        if (!claimed.equals(normalized(requestUri))) {
            throw new InvalidProofException(HTU, "DPoP proof htu does not match the request URI " + stripped(requestUri));
        }
    }

    /** scheme://host:port/path, or null when the URI is not an absolute http(s) URI with a host. */
    static String normalized(URI uri) {
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (scheme.equals("http")) {
            port = port == -1 ? 80 : port;
        } else if (scheme.equals("https")) {
            port = port == -1 ? 443 : port;
        } else {
            return null;
        }
        String path = Objects.requireNonNullElse(uri.getRawPath(), "");
        path = path.isEmpty() ? "/" : removeDotSegments(percentEncodingNormalized(path));
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    /**
     * RFC 3986 §6.2.2.1 and §6.2.2.2: percent-encoded unreserved characters decoded, the hex digits of the others in
     * upper case. ({@code java.net.URI} has checked that every {@code %} is followed by two hex digits.)
     */
    private static String percentEncodingNormalized(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int high = c == '%' && i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
            if (low < 0) {
                out.append(c);
                continue;
            }
            char decoded = (char) (high * 16 + low);
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return out.toString();
    }

    /** RFC 3986 §2.3. */
    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~';
    }

    /** RFC 3986 §5.2.4 (which §6.2.2.3 names), in one pass: empty segments stay. */
    static String removeDotSegments(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        while (i < n) {
            if (path.startsWith("../", i)) {
                i += 3;
            } else if (path.startsWith("./", i) || path.startsWith("/./", i)) {
                i += 2;
            } else if (i + 2 == n && path.startsWith("/.", i)) {
                out.append('/');
                i = n;
            } else if (path.startsWith("/../", i)) {
                removeLastSegment(out);
                i += 3;
            } else if (i + 3 == n && path.startsWith("/..", i)) {
                removeLastSegment(out);
                out.append('/');
                i = n;
            } else if (n - i == 1 && path.charAt(i) == '.' || n - i == 2 && path.startsWith("..", i)) {
                i = n;
            } else {
                int next = path.indexOf('/', path.charAt(i) == '/' ? i + 1 : i);
                next = next < 0 ? n : next;
                out.append(path, i, next);
                i = next;
            }
        }
        return out.toString();
    }

    private static void removeLastSegment(StringBuilder out) {
        out.setLength(Math.max(out.lastIndexOf("/"), 0));
    }

    private static String stripped(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
