package io.github.dpoprefresh.keycloak;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The request as Keycloak's own DPoP code sees it once we have validated the proof: without the {@code DPoP} header.
 * With the {@code dpop} feature on, {@code TokenEndpoint} hands every request that has the header to
 * {@code DPoPUtil.handleDPoPHeader}, which would verify the proof a second time and answer {@code invalid_request}
 * (or HTTP 500 for iat = now - 25 s) for what we decide; hiding the header leaves the decision, and the cost, to us.
 */
final class ProofHidingRequest implements HttpRequest {

    private final HttpRequest request;
    private final HttpHeaders headers;

    ProofHidingRequest(HttpRequest request, String hiddenHeader) {
        this.request = request;
        this.headers = new HidingHeaders(request.getHttpHeaders(), hiddenHeader);
    }

    @Override
    public String getHttpMethod() {
        return request.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return request.getDecodedFormParameters();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return request.getMultiPartFormParameters();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return headers;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return request.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return request.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return request.isProxyTrusted();
    }

    record HidingHeaders(HttpHeaders headers, String hidden) implements HttpHeaders {

        private boolean isHidden(String name) {
            return hidden.equalsIgnoreCase(name);
        }

        @Override
        public List<String> getRequestHeader(String name) {
            return isHidden(name) ? List.of() : headers.getRequestHeader(name);
        }

        @Override
        public String getHeaderString(String name) {
            return isHidden(name) ? null : headers.getHeaderString(name);
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            MultivaluedMap<String, String> copy = new MultivaluedHashMap<>();
            headers.getRequestHeaders().forEach((name, values) -> {
                if (!isHidden(name)) {
                    copy.put(name, values);
                }
            });
            return copy;
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return headers.getAcceptableMediaTypes();
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return headers.getAcceptableLanguages();
        }

        @Override
        public MediaType getMediaType() {
            return headers.getMediaType();
        }

        @Override
        public Locale getLanguage() {
            return headers.getLanguage();
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return headers.getCookies();
        }

        @Override
        public Date getDate() {
            return headers.getDate();
        }

        @Override
        public int getLength() {
            return headers.getLength();
        }
    }
}
