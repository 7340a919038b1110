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
     * Compares without query and fragment (RFC 9449 §4.3 item 9), after RFC 3986 §6.2.2 and §6.2.3 normalisation:
     * scheme and host case, default port, empty path, dot segments.
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
        String path = Objects.requireNonNullElse(uri.normalize().getRawPath(), "");
        if (path.isEmpty()) {
            path = "/";
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    private static String stripped(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
