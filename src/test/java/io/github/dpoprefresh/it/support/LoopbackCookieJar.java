package io.github.dpoprefresh.it.support;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cookie jar of one browser flow against one loopback server.
 *
 * <p>{@link java.net.CookieManager} never sends a {@code Secure} cookie over {@code http}, but Keycloak 26 marks its
 * login cookies ({@code AUTH_SESSION_ID}, {@code KC_RESTART}, ...) {@code Secure; SameSite=None} even on plain HTTP,
 * relying on browsers treating loopback as a secure context. This jar does the same: it ignores {@code Secure} and the
 * domain (one flow talks to one server), and honours name, path and removal ({@code Max-Age=0} or a past
 * {@code Expires}).
 */
final class LoopbackCookieJar extends CookieHandler {

    /** Cookies by "path|name", in arrival order. */
    private final Map<String, HttpCookie> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<String> pairs = new ArrayList<>();
        cookies.values().removeIf(HttpCookie::hasExpired);
        for (HttpCookie c : cookies.values()) {
            if (path.startsWith(cookiePath(c))) {
                pairs.add(c.getName() + "=" + c.getValue());
            }
        }
        return pairs.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", pairs)));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name == null || !name.equalsIgnoreCase("Set-Cookie")) {
                return;
            }
            for (String header : values) {
                List<HttpCookie> parsed;
                try {
                    parsed = HttpCookie.parse(header);
                } catch (IllegalArgumentException malformed) {
                    continue;
                }
                for (HttpCookie c : parsed) {
                    if (c.getPath() == null) {
                        String p = uri.getPath() == null ? "/" : uri.getPath();
                        c.setPath(p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "/");
                    }
                    String key = cookiePath(c) + "|" + c.getName();
                    if (c.getMaxAge() == 0) {
                        cookies.remove(key);
                    } else {
                        cookies.put(key, c);
                    }
                }
            }
        });
    }

    private static String cookiePath(HttpCookie c) {
        return c.getPath() == null ? "/" : c.getPath();
    }
}
