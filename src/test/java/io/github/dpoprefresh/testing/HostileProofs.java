package io.github.dpoprefresh.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.dpoprefresh.binding.RefusalReason;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;

/**
 * The hostile-input corpus: every request an attacker (or a broken client) can send to the token endpoint with a
 * bound refresh token, one row each, with what must happen. One table, two users:
 * {@code HostileProofsTest} feeds each {@link Attempt#validatorInput() single header value} to the validator and
 * expects {@link Expected#reason()}; {@code HostileRequestsIT} sends each request to a real Keycloak (its
 * {@code dpop} feature on and off) with the refresh token of a legitimate holder and expects {@link Expected} on
 * the wire and in the stored event, and the holder's next refresh to work.
 *
 * <p>Rows marked {@link Verdict#ACCEPTED} are not attacks under the RFCs (header names are case-insensitive, the
 * {@code htu} query is ignored, extra claims are allowed, ...): they are here so that hardening never breaks them.
 * Sources are named in {@link Case#reference()}: RFC sections and the OpenID conformance suite's
 * {@code fapi2-security-profile-final-dpop-negative-tests} ("OIDF").
 */
public final class HostileProofs {

    public enum Category { HTTP, STRUCTURE, HEADER, KEY, SIGNATURE, CLAIMS, HTM_HTU, IAT, STATE }

    public enum Grant { REFRESH_TOKEN, PASSWORD }

    public enum Verdict {
        /** Not an attack: HTTP 200, the new refresh token is bound to the holder's key. */
        ACCEPTED,
        /** The validator refuses the proof: HTTP 400 {@code invalid_dpop_proof}, {@code dpop_reason} = its reason. */
        REFUSED,
        /**
         * The request is refused by the gate around the validator (no header, several headers, replay, another key):
         * HTTP 400 and an event; the validator alone accepts what it is given, if anything.
         */
        REFUSED_BY_GATE,
        /** The HTTP server refuses the request before Keycloak runs (no Keycloak event, no token). */
        REFUSED_BY_HTTP_SERVER
    }

    /**
     * What a case is built from.
     *
     * @param holder        the legitimate holder's key (its refresh token is bound to it)
     * @param otherHolder   the key of another user's bound refresh token
     * @param tokenEndpoint the token endpoint as the server sees it
     * @param now           the current time, seconds
     * @param usedProof     a proof of the holder that the server has already accepted
     */
    public record Context(ProofKey holder, ProofKey otherHolder, URI tokenEndpoint, long now, String usedProof) {

        /** A fresh valid proof of the holder for the token endpoint. */
        public String proof() {
            return holder.proof("POST", tokenEndpoint);
        }

        /** The {@code jti} of {@link #usedProof()}. */
        public String usedJti() {
            String payload = new String(Base64.getUrlDecoder().decode(usedProof.split("\\.")[1]), StandardCharsets.UTF_8);
            int start = payload.indexOf("\"jti\":\"") + 7;
            return payload.substring(start, payload.indexOf('"', start));
        }

        /** The endpoint path, e.g. {@code /realms/x/protocol/openid-connect/token}. */
        String path() {
            return tokenEndpoint.getRawPath();
        }

        /** The token endpoint with another authority ({@code host:port}). */
        URI at(String authority) {
            return URI.create(tokenEndpoint.getScheme() + "://" + authority + path());
        }

        String authority() {
            return tokenEndpoint.getRawAuthority();
        }
    }

    /**
     * One request.
     *
     * @param proofs the {@code DPoP} header values as the server application sees them (none, one or several)
     * @param wire   the {@code DPoP} header lines exactly as sent on a raw socket, or null: an HTTP client sends
     *               {@link #proofs()} as one header each
     * @param host   the {@code Host} header sent instead of the server's address (raw socket), or null
     * @param query  the request's query string, or null
     * @param grant  what the request asks for, with the holder's refresh token or password
     */
    public record Attempt(List<String> proofs, byte[] wire, String host, String query, Grant grant) {

        static Attempt of(String... proofs) {
            return new Attempt(List.of(proofs), null, null, null, Grant.REFRESH_TOKEN);
        }

        /** Header lines sent byte for byte ({@code validatorInput} is what the server makes of them). */
        static Attempt wire(byte[] headerLines, String... validatorInput) {
            return new Attempt(List.of(validatorInput), headerLines, null, null, Grant.REFRESH_TOKEN);
        }

        static Attempt wire(String latin1HeaderLines, String... validatorInput) {
            return wire(latin1HeaderLines.getBytes(StandardCharsets.ISO_8859_1), validatorInput);
        }

        Attempt withQuery(String q) {
            return new Attempt(proofs, wire, host, q, grant);
        }

        Attempt withHost(String h) {
            return new Attempt(proofs, wire, h, query, grant);
        }

        Attempt withGrant(Grant g) {
            return new Attempt(proofs, wire, host, query, g);
        }

        /** The one header value the validator sees, or null when there is not exactly one. */
        public String validatorInput() {
            return proofs.size() == 1 ? proofs.get(0) : null;
        }

        /** The request URI as the server sees it, given the endpoint the client talks to. */
        public URI requestUri(URI tokenEndpoint) {
            String authority = host != null ? host : tokenEndpoint.getRawAuthority();
            return URI.create(tokenEndpoint.getScheme() + "://" + authority + tokenEndpoint.getRawPath()
                    + (query != null ? "?" + query : ""));
        }
    }

    /**
     * @param verdict     who answers
     * @param reason      what the validator says of {@link Attempt#validatorInput()}: null = it accepts the proof
     * @param status      HTTP status
     * @param error       OAuth {@code error}, null when Keycloak does not answer
     * @param dpopReason  event detail {@code dpop_reason}, null when there is no event
     * @param description a part of {@code error_description} (and of the validator's message)
     */
    public record Expected(Verdict verdict, Reason reason, int status, String error, String dpopReason,
            String description) {

        static Expected accepted() {
            return new Expected(Verdict.ACCEPTED, null, 200, null, null, null);
        }

        static Expected refused(Reason reason, String description) {
            return new Expected(Verdict.REFUSED, reason, 400, "invalid_dpop_proof", reason.code(), description);
        }

        static Expected byGate(RefusalReason reason, String description) {
            return new Expected(Verdict.REFUSED_BY_GATE, null, 400, "invalid_dpop_proof", reason.code(), description);
        }

        static Expected keyMismatch() {
            return new Expected(Verdict.REFUSED_BY_GATE, null, 400, "invalid_grant", RefusalReason.KEY_MISMATCH.code(),
                    "bound to another DPoP key");
        }

        /** @param reason what the validator would say if the header got through, null = accepts */
        static Expected byHttpServer(int status, Reason reason) {
            return new Expected(Verdict.REFUSED_BY_HTTP_SERVER, reason, status, null, null, null);
        }
    }

    public record Case(String name, Category category, String reference, Function<Context, Attempt> attempt,
            Expected expected) {
        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    private HostileProofs() {
    }

    // ------------------------------------------------------------------------------------------ the table

    public static List<Case> all() {
        List<Case> t = new ArrayList<>();

        // ---- HTTP: the header itself
        t.add(new Case("header name in upper case (DPOP)", Category.HTTP, "OIDF; RFC 9110 §5.1: names are case-insensitive",
                c -> { String p = c.proof(); return Attempt.wire("DPOP: " + p, p); }, Expected.accepted()));
        t.add(new Case("header name in lower case (dpop)", Category.HTTP, "RFC 9110 §5.1",
                c -> { String p = c.proof(); return Attempt.wire("dpop: " + p, p); }, Expected.accepted()));
        t.add(new Case("two DPoP headers, each a valid proof", Category.HTTP, "OIDF; RFC 9449 §4.3 (1)",
                c -> Attempt.of(c.proof(), c.proof()), Expected.byGate(RefusalReason.MULTIPLE, "Exactly one DPoP header is allowed, got 2")));
        t.add(new Case("two DPoP headers whose names differ in case", Category.HTTP, "RFC 9449 §4.3 (1)",
                c -> { String a = c.proof(), b = c.proof(); return Attempt.wire("DPoP: " + a + "\r\ndpop: " + b, a, b); },
                Expected.byGate(RefusalReason.MULTIPLE, "got 2")));
        t.add(new Case("30 DPoP headers", Category.HTTP, "RFC 9449 §4.3 (1)",
                c -> Attempt.of(Collections.nCopies(30, "x").toArray(String[]::new)),
                Expected.byGate(RefusalReason.MULTIPLE, "got 30")));
        t.add(new Case("two proofs in one header, comma-separated", Category.HTTP, "RFC 9449 §4.3 (1), (2)",
                c -> Attempt.of(c.proof() + ", " + c.proof()), Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("no DPoP header with a bound refresh token", Category.HTTP,
                "OIDF fapi2 refresh_token without proof of possession; RFC 9449 §5", c -> Attempt.of(),
                Expected.byGate(RefusalReason.MISSING, "the refresh token is bound to a DPoP key")));
        t.add(new Case("empty DPoP header", Category.HTTP, "RFC 9449 §4.3 (1)",
                c -> Attempt.wire("DPoP: ", ""), Expected.refused(Reason.MISSING, "DPoP proof is missing")));
        t.add(new Case("optional whitespace around the value", Category.HTTP, "RFC 9110 §5.5: OWS is not part of the value",
                c -> { String p = c.proof(); return Attempt.wire("DPoP: \t " + p + " \t", p); }, Expected.accepted()));
        t.add(new Case("auth-scheme prefix 'DPoP <proof>'", Category.HTTP, "RFC 9449 §4.1",
                c -> Attempt.of("DPoP " + c.proof()), Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("signed proof over 8 KB", Category.HTTP, "RFC 9449 §11.1 (cost)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("pad", q("p".repeat(6_500))))),
                Expected.refused(Reason.TOO_LARGE, "longer than 8192 characters")));
        t.add(new Case("header over the HTTP server's 20 KB limit (64 KB)", Category.HTTP, "Vert.x max header size: 431",
                c -> Attempt.of("A".repeat(64 * 1024)), Expected.byHttpServer(431, Reason.TOO_LARGE)));
        t.add(new Case("NUL byte in the header value", Category.HTTP, "RFC 9110 §5.5: NUL is not allowed",
                c -> { String p = c.proof(); String bad = p.substring(0, 20) + "\0" + p.substring(20);
                    return Attempt.wire("DPoP: " + bad, bad); }, Expected.byHttpServer(400, Reason.MALFORMED)));
        t.add(new Case("bytes 0xFF 0xFE (not UTF-8) in the header value", Category.HTTP, "RFC 9110 §5.5 obs-text",
                c -> { String p = c.proof(); String bad = p.substring(0, 20) + "\u00ff\u00fe" + p.substring(20);
                    return Attempt.wire("DPoP: " + bad, bad); }, Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("UTF-8 characters in the header value", Category.HTTP, "RFC 9110 §5.5",
                c -> { String p = c.proof();
                    byte[] utf8 = ("DPoP: " + p.substring(0, 20) + "\u00e9\u20ac" + p.substring(20)).getBytes(StandardCharsets.UTF_8);
                    return Attempt.wire(utf8, new String(utf8, StandardCharsets.ISO_8859_1).substring(6)); },
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("obsolete line folding inside the proof", Category.HTTP, "RFC 9112 §5.2: 400 or one space",
                c -> { String p = c.proof(); return Attempt.wire("DPoP: " + p.substring(0, 30) + "\r\n " + p.substring(30),
                        p.substring(0, 30) + " " + p.substring(30)); }, Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("request with a query, htu without", Category.HTTP, "OIDF htu without query; RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.proof()).withQuery("x=y"), Expected.accepted()));
        t.add(new Case("htu with the request's query", Category.HTTP, "OIDF htu with query; RFC 9449 §4.3 (9)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint + "?x=y")))).withQuery("x=y"), Expected.accepted()));

        // ---- STRUCTURE: the JWS
        t.add(new Case("not a JWT", Category.STRUCTURE, "OIDF malformed JWT; RFC 9449 §4.3 (2)",
                c -> Attempt.of("this-is-not-a-jwt"), Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("two segments", Category.STRUCTURE, "RFC 7515 §7.1",
                c -> { String p = c.proof(); return Attempt.of(p.substring(0, p.lastIndexOf('.'))); },
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("five segments (JWE shape)", Category.STRUCTURE, "RFC 7516 §7.1",
                c -> Attempt.of(c.proof() + ".AAAA.BBBB"), Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("JWS JSON serialization, flattened", Category.STRUCTURE, "RFC 7515 §7.2.2; RFC 9449 §4.2",
                c -> { String[] s = c.proof().split("\\.");
                    return Attempt.of("{\"protected\":\"" + s[0] + "\",\"payload\":\"" + s[1] + "\",\"signature\":\"" + s[2] + "\"}"); },
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("JWS JSON serialization, general", Category.STRUCTURE, "RFC 7515 §7.2.1; RFC 9449 §4.2",
                c -> { String[] s = c.proof().split("\\.");
                    return Attempt.of("{\"payload\":\"" + s[1] + "\",\"signatures\":[{\"protected\":\"" + s[0]
                            + "\",\"signature\":\"" + s[2] + "\"}]}"); },
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("base64 padding", Category.STRUCTURE, "RFC 7515 §2 (base64url without padding)",
                c -> Attempt.of(c.proof() + "=="), Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("standard base64 alphabet", Category.STRUCTURE, "RFC 7515 §2",
                c -> { String p = c.proof(); int i = p.lastIndexOf('.') + 1; return Attempt.of(p.substring(0, i) + "+/" + p.substring(i + 2)); },
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("header is not JSON", Category.STRUCTURE, "RFC 7515 §5.2 (8)",
                c -> Attempt.of(signed(c.holder, "not json", claims(c).toString())), Expected.refused(Reason.MALFORMED, "header is not valid JSON")));
        t.add(new Case("header is a JSON array", Category.STRUCTURE, "RFC 7515 §5.2 (8)",
                c -> Attempt.of(signed(c.holder, "[" + header(c.holder) + "]", claims(c).toString())),
                Expected.refused(Reason.MALFORMED, "header is not valid JSON")));
        t.add(new Case("payload is a JSON array", Category.STRUCTURE, "RFC 7519 §7.2 (10)",
                c -> Attempt.of(signed(c.holder, header(c.holder).toString(), "[" + claims(c) + "]")),
                Expected.refused(Reason.MALFORMED, "payload is not a JSON object")));
        t.add(new Case("nested JWS: the payload is another JWT (cty JWT)", Category.STRUCTURE, "RFC 7519 §5.2; RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("cty", q("JWT")).toString(), c.proof())),
                Expected.refused(Reason.MALFORMED, "payload is not a JSON object")));
        t.add(new Case("duplicate member in the header (alg twice)", Category.STRUCTURE, "RFC 7515 §5.2 (4)",
                c -> Attempt.of(signed(c.holder, header(c.holder).addFirst("alg", q("none")).toString(), claims(c).toString())),
                Expected.refused(Reason.MALFORMED, "header is not valid JSON")));
        t.add(new Case("duplicate member in the payload (htm twice)", Category.STRUCTURE, "RFC 7519 §4",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).add("htm", q("GET")))),
                Expected.refused(Reason.MALFORMED, "payload is not a JSON object")));
        t.add(new Case("data after the payload object", Category.STRUCTURE, "RFC 8259 §2",
                c -> Attempt.of(signed(c.holder, header(c.holder).toString(), claims(c) + "{}")),
                Expected.refused(Reason.MALFORMED, "payload is not a JSON object")));
        t.add(new Case("deep nesting, never closed (5,000 levels)", Category.STRUCTURE, "RFC 8259 §9 (nesting limits)",
                c -> Attempt.of(signed(c.holder, header(c.holder).toString(), claims(c).toString().replace("}", ",\"x\":" + "[".repeat(5_000)))),
                Expected.refused(Reason.MALFORMED, "payload is not a JSON object")));
        t.add(new Case("deep nesting in an extra claim (2,000 levels)", Category.STRUCTURE,
                "RFC 9449 §4.2: other claims are ignored; jose4j's parser is not recursive, 8 KB bounds the depth",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("x", "[".repeat(2_000) + "]".repeat(2_000)))),
                Expected.accepted()));
        t.add(new Case("invalid UTF-8 in the payload (overlong 0xC0 0xAF)", Category.STRUCTURE, "RFC 8259 §8.1; RFC 7519 §7.2",
                c -> Attempt.of(signed(c.holder, utf8(header(c.holder).toString()),
                        cat(utf8(claims(c).toString().replace("}", ",\"x\":\"")), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")))),
                Expected.refused(Reason.MALFORMED, "payload is not base64url-encoded UTF-8")));
        t.add(new Case("UTF-16 surrogate as UTF-8 bytes (CESU-8) in the header", Category.STRUCTURE, "RFC 3629 §3",
                c -> Attempt.of(signed(c.holder, cat(utf8(header(c.holder).toString().replace("}", ",\"x\":\"")),
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}")), utf8(claims(c).toString()))),
                Expected.refused(Reason.MALFORMED, "header is not base64url-encoded UTF-8")));
        t.add(new Case("raw NUL byte inside a payload string", Category.STRUCTURE, "RFC 8259 §7: control characters must be escaped",
                c -> Attempt.of(signed(c.holder, header(c.holder).toString(), claims(c).toString().replace("\"jti\":\"", "\"jti\":\"\0"))),
                Expected.refused(Reason.MALFORMED, "payload contains an unescaped control character")));
        t.add(new Case("raw control character in the header", Category.STRUCTURE, "RFC 8259 §7",
                c -> Attempt.of(signed(c.holder, header(c.holder).toString().replace("dpop+jwt", "dpop+jwt\u0001"), claims(c).toString())),
                Expected.refused(Reason.MALFORMED, "header contains an unescaped control character")));
        t.add(new Case("segment of impossible base64url length", Category.STRUCTURE, "RFC 4648 §5",
                c -> Attempt.of("A" + c.proof()), Expected.refused(Reason.MALFORMED, "header is not base64url-encoded UTF-8")));

        // ---- HEADER: typ, alg, crit
        t.add(new Case("typ missing", Category.HEADER, "OIDF bad typ; RFC 9449 §4.3 (4)",
                c -> Attempt.of(signed(c.holder, header(c.holder).remove("typ"), claims(c))), Expected.refused(Reason.TYP, "typ must be 'dpop+jwt'")));
        t.add(new Case("typ JWT", Category.HEADER, "OIDF bad typ; RFC 9449 §4.3 (4)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("typ", q("JWT")), claims(c))), Expected.refused(Reason.TYP, "typ must be 'dpop+jwt'")));
        t.add(new Case("typ a number", Category.HEADER, "RFC 9449 §4.3 (4)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("typ", "1"), claims(c))), Expected.refused(Reason.TYP, "typ must be 'dpop+jwt'")));
        t.add(new Case("alg none, no signature", Category.HEADER, "OIDF alg none; RFC 9449 §4.3 (5)",
                c -> Attempt.of(b64(utf8(header(c.holder).set("alg", q("none")).toString())) + "." + b64(utf8(claims(c).toString())) + "."),
                Expected.refused(Reason.MALFORMED, "compact serialization")));
        t.add(new Case("alg none with a signature", Category.HEADER, "RFC 9449 §4.3 (5)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("none")), claims(c))),
                Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("HS256 keyed with the public jwk (key confusion)", Category.HEADER, "RFC 9449 §4.3 (5): asymmetric only; RFC 8725 §2.1",
                c -> Attempt.of(hmacSigned(c)), Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("alg outside the allow-list (ES256K)", Category.HEADER, "OIDF disallowed alg; RFC 9449 §4.3 (5)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("ES256K")), claims(c))),
                Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("alg in lower case (es256)", Category.HEADER, "RFC 7515 §4.1.1: case-sensitive",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("es256")), claims(c))),
                Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("alg an array", Category.HEADER, "RFC 7515 §4.1.1",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", "[\"ES256\"]"), claims(c))),
                Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("alg of an encryption scheme (RSA-OAEP-256)", Category.HEADER, "RFC 7518 §4.1",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("RSA-OAEP-256")), claims(c))),
                Expected.refused(Reason.ALGORITHM, "alg must be one of")));
        t.add(new Case("crit header", Category.HEADER, "RFC 7515 §4.1.11",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("crit", "[\"exp\"]").set("exp", "1"), claims(c))),
                Expected.refused(Reason.MALFORMED, "critical header")));
        t.add(new Case("unencoded payload (b64 false)", Category.HEADER, "RFC 7797 §3, §6",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("b64", "false").set("crit", "[\"b64\"]"), claims(c))),
                Expected.refused(Reason.MALFORMED, "critical header")));

        // ---- KEY: the jwk
        t.add(new Case("jku instead of jwk", Category.KEY, "RFC 9449 §4.2: the key is in jwk; RFC 8725 §3.10",
                c -> Attempt.of(signed(c.holder, header(c.holder).remove("jwk").set("jku", q("https://attacker.example/jwks")), claims(c))),
                Expected.refused(Reason.KEY, "not in jku")));
        t.add(new Case("x5u instead of jwk", Category.KEY, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).remove("jwk").set("x5u", q("https://attacker.example/cert")), claims(c))),
                Expected.refused(Reason.KEY, "not in x5u")));
        t.add(new Case("x5c instead of jwk", Category.KEY, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).remove("jwk").set("x5c", "[\"MIIBszCCAVmgAwIBAgIU\"]"), claims(c))),
                Expected.refused(Reason.KEY, "not in x5c")));
        t.add(new Case("kid instead of jwk", Category.KEY, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).remove("jwk").set("kid", q("holder-key")), claims(c))),
                Expected.refused(Reason.KEY, "no jwk object")));
        t.add(new Case("jwk as a JSON string", Category.KEY, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", q(c.holder.jwk().toPublicJWK().toJSONString())), claims(c))),
                Expected.refused(Reason.KEY, "no jwk object")));
        t.add(new Case("private key in jwk", Category.KEY, "OIDF private key in jwk; RFC 9449 §4.3 (7)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", c.holder.jwk().toJSONString()), claims(c))),
                Expected.refused(Reason.KEY, "private key material")));
        t.add(new Case("symmetric key in jwk (kty oct)", Category.KEY, "RFC 9449 §4.3 (7)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", "{\"kty\":\"oct\",\"k\":\"" + b64(new byte[32]) + "\"}"), claims(c))),
                Expected.refused(Reason.KEY, "private key material")));
        t.add(new Case("EC point not on the curve (invalid-curve attack)", Category.KEY, "RFC 8725 §3.4; SEC 1 §3.2.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", offCurveJwk(c.holder)), claims(c))),
                Expected.refused(Reason.KEY, "point is not on curve P-256")));
        t.add(new Case("EC point (0, 0)", Category.KEY, "SEC 1 §3.2.2",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", ecJwk("P-256", new byte[32], new byte[32])), claims(c))),
                Expected.refused(Reason.KEY, "point is not on curve P-256")));
        t.add(new Case("EC coordinate not below the field prime", Category.KEY, "SEC 1 §3.2.2 (1)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", ecJwk("P-256", fixed(P256_PRIME, 32), new byte[32])), claims(c))),
                Expected.refused(Reason.KEY, "coordinates do not fit curve P-256")));
        t.add(new Case("EC coordinate with a leading zero byte (33 bytes)", Category.KEY, "RFC 7518 §6.2.1.2: exactly 32 bytes",
                c -> { ECKey k = (ECKey) c.holder.jwk();
                    return Attempt.of(signed(c.holder, header(c.holder).set("jwk", ecJwk("P-256", cat(new byte[1], k.getX().decode()), k.getY().decode())), claims(c))); },
                Expected.refused(Reason.KEY, "coordinates do not fit curve P-256")));
        t.add(new Case("P-384 key with ES256", Category.KEY, "RFC 9449 §4.3 (7); RFC 7518 §3.4",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", P384.jwk().toPublicJWK().toJSONString()), claims(c))),
                Expected.refused(Reason.KEY, "crv must be P-256 for alg ES256")));
        t.add(new Case("RSA key with ES256", Category.KEY, "RFC 9449 §4.3 (7)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", RSA_2048.jwk().toPublicJWK().toJSONString()), claims(c))),
                Expected.refused(Reason.KEY, "kty must be EC for alg ES256")));
        t.add(new Case("EC key with RS256", Category.KEY, "RFC 9449 §4.3 (7)",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("RS256")), claims(c))),
                Expected.refused(Reason.KEY, "kty must be RSA for alg RS256")));
        t.add(new Case("RSA key of 1024 bits", Category.KEY, "RFC 7518 §3.3: 2048 bits or larger",
                c -> Attempt.of(rsa1024Signed(c)),
                Expected.refused(Reason.KEY, "RSA key must have 2048 to 8192 bits")));
        t.add(new Case("RSA modulus of 16,384 bits", Category.KEY, "cost of verification (RFC 9449 §11.1)",
                c -> Attempt.of(rsaSigned(c, rsaJwk(oddNumber(16_384), BigInteger.valueOf(65_537)))),
                Expected.refused(Reason.KEY, "RSA key must have 2048 to 8192 bits")));
        t.add(new Case("RSA exponent of 65 bits", Category.KEY, "RFC 8017 §3.1; cost of verification",
                c -> Attempt.of(rsaSigned(c, rsaJwk(rsaModulus(), BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE)))),
                Expected.refused(Reason.KEY, "RSA exponent is not acceptable")));
        t.add(new Case("RSA exponent 1", Category.KEY, "RFC 8017 §3.1: 3 <= e",
                c -> Attempt.of(rsaSigned(c, rsaJwk(rsaModulus(), BigInteger.ONE))),
                Expected.refused(Reason.KEY, "RSA exponent is not acceptable")));
        t.add(new Case("RSA even exponent", Category.KEY, "RFC 8017 §3.1",
                c -> Attempt.of(rsaSigned(c, rsaJwk(rsaModulus(), BigInteger.valueOf(65_536)))),
                Expected.refused(Reason.KEY, "RSA exponent is not acceptable")));
        t.add(new Case("jwk coordinate not a string", Category.KEY, "RFC 7518 §6.2.1",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":1,\"y\":2}"), claims(c))),
                Expected.refused(Reason.KEY, "jwk x is missing or not a string")));
        t.add(new Case("jwk coordinate not base64url", Category.KEY, "RFC 7518 §6.2.1",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("jwk", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"***\",\"y\":\"***\"}"), claims(c))),
                Expected.refused(Reason.KEY, "jwk x is not base64url")));
        t.add(new Case("EdDSA with an X25519 (key agreement) key", Category.KEY, "RFC 8037 §3.1",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("EdDSA"))
                        .set("jwk", "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + b64(new byte[32]) + "\"}"), claims(c))),
                Expected.refused(Reason.KEY, "crv must be Ed25519 or Ed448")));
        t.add(new Case("Ed25519 key of the wrong length", Category.KEY, "RFC 8037 §2",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("alg", q("EdDSA"))
                        .set("jwk", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + b64(new byte[7]) + "\"}"), claims(c))),
                Expected.refused(Reason.KEY, "x has the wrong length for curve Ed25519")));

        // ---- SIGNATURE
        t.add(new Case("signature of another proof", Category.SIGNATURE, "OIDF bad signature; RFC 9449 §4.3 (6)",
                c -> { String p = c.proof(); return Attempt.of(p.substring(0, p.lastIndexOf('.') + 1) + c.proof().split("\\.")[2]); },
                Expected.refused(Reason.SIGNATURE, "signature is invalid")));
        t.add(new Case("signed by another key than its jwk", Category.SIGNATURE, "RFC 9449 §4.3 (6)",
                c -> Attempt.of(signed(c.otherHolder, header(c.holder), claims(c))), Expected.refused(Reason.SIGNATURE, "signature is invalid")));
        t.add(new Case("payload changed after signing", Category.SIGNATURE, "RFC 7515 §5.2",
                c -> { String[] s = c.proof().split("\\.");
                    return Attempt.of(s[0] + "." + b64(utf8(claims(c).set("htm", q("POST")).toString())) + "." + s[2]); },
                Expected.refused(Reason.SIGNATURE, "signature is invalid")));
        t.add(new Case("signature truncated", Category.SIGNATURE, "RFC 7518 §3.4: exactly 64 bytes for ES256",
                c -> { String p = c.proof(); return Attempt.of(p.substring(0, p.length() - 8)); },
                Expected.refused(Reason.SIGNATURE, "signature is invalid")));
        t.add(new Case("ECDSA r = s = 0 (CVE-2022-21449)", Category.SIGNATURE, "SEC 1 §4.1.4 (1)",
                c -> { String p = c.proof(); return Attempt.of(p.substring(0, p.lastIndexOf('.') + 1) + b64(new byte[64])); },
                Expected.refused(Reason.SIGNATURE, "signature is invalid")));
        t.add(new Case("ECDSA signature DER-encoded instead of R || S", Category.SIGNATURE, "RFC 7518 §3.4",
                c -> { String p = c.proof(); int i = p.lastIndexOf('.') + 1;
                    return Attempt.of(p.substring(0, i) + b64(der(Base64.getUrlDecoder().decode(p.substring(i))))); },
                Expected.refused(Reason.SIGNATURE, "signature is invalid")));

        // ---- CLAIMS
        t.add(new Case("jti missing", Category.CLAIMS, "OIDF claim missing; RFC 9449 §4.2, §4.3 (10)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).remove("jti"))), Expected.refused(Reason.CLAIMS, "jti must be a non-empty string")));
        t.add(new Case("htm missing", Category.CLAIMS, "OIDF claim missing; RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).remove("htm"))), Expected.refused(Reason.CLAIMS, "htm must be a non-empty string")));
        t.add(new Case("htu missing", Category.CLAIMS, "OIDF claim missing; RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).remove("htu"))), Expected.refused(Reason.CLAIMS, "htu must be a non-empty string")));
        t.add(new Case("iat missing", Category.CLAIMS, "OIDF claim missing; RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).remove("iat"))), Expected.refused(Reason.CLAIMS, "iat must be a whole number")));
        t.add(new Case("jti a number", Category.CLAIMS, "RFC 9449 §4.2; RFC 7519 §4.1.7",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("jti", "12345"))), Expected.refused(Reason.CLAIMS, "jti must be a non-empty string")));
        t.add(new Case("jti empty", Category.CLAIMS, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("jti", q("")))), Expected.refused(Reason.CLAIMS, "jti must be a non-empty string")));
        t.add(new Case("jti of 257 characters", Category.CLAIMS, "RFC 9449 §11.1 (replay store size)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("jti", q("j".repeat(257))))), Expected.refused(Reason.CLAIMS, "longer than 256 characters")));
        t.add(new Case("jti of 5,000 characters", Category.CLAIMS, "RFC 9449 §11.1",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("jti", q("j".repeat(5_000))))), Expected.refused(Reason.CLAIMS, "longer than 256 characters")));
        t.add(new Case("iat a string", Category.CLAIMS, "RFC 7519 §2 NumericDate",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("iat", q(Long.toString(c.now))))), Expected.refused(Reason.CLAIMS, "iat must be a whole number")));
        t.add(new Case("iat a float", Category.CLAIMS, "RFC 7519 §2 NumericDate (this server wants whole seconds)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("iat", c.now + ".5"))), Expected.refused(Reason.CLAIMS, "iat must be a whole number")));
        t.add(new Case("iat beyond 64 bits", Category.CLAIMS, "RFC 7519 §2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("iat", "99999999999999999999999"))), Expected.refused(Reason.CLAIMS, "iat must be a whole number")));
        t.add(new Case("htm a number", Category.CLAIMS, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htm", "1"))), Expected.refused(Reason.CLAIMS, "htm must be a non-empty string")));
        t.add(new Case("htu an object", Category.CLAIMS, "RFC 9449 §4.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", "{\"href\":" + q(c.tokenEndpoint.toString()) + "}"))),
                Expected.refused(Reason.CLAIMS, "htu must be a non-empty string")));

        // ---- HTM_HTU
        t.add(new Case("htm GET", Category.HTM_HTU, "OIDF wrong htm; RFC 9449 §4.3 (8)",
                c -> Attempt.of(c.holder.proof("GET", c.tokenEndpoint)), Expected.refused(Reason.HTM, "htm does not match the request method POST")));
        t.add(new Case("htm in lower case (post)", Category.HTM_HTU, "RFC 9110 §9.1: methods are case-sensitive",
                c -> Attempt.of(c.holder.proof("post", c.tokenEndpoint)), Expected.refused(Reason.HTM, "htm does not match the request method POST")));
        t.add(new Case("htu of another endpoint (userinfo)", Category.HTM_HTU, "OIDF other htu; RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.holder.proof("POST", URI.create(c.tokenEndpoint.toString().replace("/token", "/userinfo")))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu of another realm", Category.HTM_HTU, "RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.holder.proof("POST", URI.create(c.tokenEndpoint.toString().replace("/realms/", "/realms/other-")))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with another host", Category.HTM_HTU, "RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.holder.proof("POST", c.at("attacker.example:" + c.tokenEndpoint.getPort()))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with another port", Category.HTM_HTU, "RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.holder.proof("POST", c.at(c.tokenEndpoint.getHost() + ":" + (c.tokenEndpoint.getPort() + 1)))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with https instead of http", Category.HTM_HTU, "RFC 9449 §4.3 (9)",
                c -> Attempt.of(c.holder.proof("POST", URI.create(c.tokenEndpoint.toString().replaceFirst("^http:", "https:")))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu relative", Category.HTM_HTU, "RFC 9449 §4.2: the HTTP target URI",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.path())))),
                Expected.refused(Reason.HTU, "absolute http(s) URI")));
        t.add(new Case("htu with user info", Category.HTM_HTU, "RFC 9110 §4.2.4: userinfo is deprecated",
                c -> Attempt.of(c.holder.proof("POST", c.at("user@" + c.authority()))),
                Expected.refused(Reason.HTU, "absolute http(s) URI")));
        t.add(new Case("htu not a URI", Category.HTM_HTU, "RFC 3986 §3",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q("http://[not a uri")))),
                Expected.refused(Reason.HTU, "htu is not a valid URI")));
        t.add(new Case("htu with an escaped NUL", Category.HTM_HTU, "RFC 3986 §2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString()).replace("/token\"", "/token\\u0000\"")))),
                Expected.refused(Reason.HTU, "htu is not a valid URI")));
        t.add(new Case("htu path in another case", Category.HTM_HTU, "RFC 3986 §6.2.2.1: the path is case-sensitive",
                c -> Attempt.of(c.holder.proof("POST", URI.create(c.tokenEndpoint.toString().replace("/token", "/TOKEN")))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with a fragment", Category.HTM_HTU, "RFC 9449 §4.3 (9): fragment ignored",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint + "#f")))), Expected.accepted()));
        t.add(new Case("htu scheme in upper case", Category.HTM_HTU, "OIDF case-insensitive scheme; RFC 3986 §6.2.2.1",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replaceFirst("^http", "HTTP"))))),
                Expected.accepted()));
        t.add(new Case("htu host in upper case", Category.HTM_HTU, "OIDF case-insensitive host; RFC 3986 §6.2.2.1",
                c -> Attempt.of(c.holder.proof("POST", c.at("LOCALHOST:" + c.tokenEndpoint.getPort())))
                        .withHost("localhost:" + c.tokenEndpoint.getPort()).withGrant(Grant.PASSWORD), Expected.accepted()));
        t.add(new Case("htu with the default port, Host without", Category.HTM_HTU, "OIDF default port; RFC 3986 §6.2.3",
                c -> Attempt.of(c.holder.proof("POST", c.at(c.tokenEndpoint.getHost() + ":80")))
                        .withHost(c.tokenEndpoint.getHost()).withGrant(Grant.PASSWORD), Expected.accepted()));
        t.add(new Case("htu with dot segments", Category.HTM_HTU, "RFC 3986 §6.2.2.3",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replace("/protocol/", "/x/../protocol/./"))))),
                Expected.accepted()));
        t.add(new Case("htu with a percent-encoded unreserved character", Category.HTM_HTU, "RFC 3986 §6.2.2.2",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replace("/token", "/%74oken"))))),
                Expected.accepted()));
        t.add(new Case("htu with a doubled slash after the host", Category.HTM_HTU, "RFC 3986 §6.2.2: no equivalence",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replace("/realms/", "//realms/"))))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with a doubled slash in the path", Category.HTM_HTU, "RFC 3986 §6.2.2: no equivalence",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replace("/token", "//token"))))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));
        t.add(new Case("htu with %2F for a slash", Category.HTM_HTU, "RFC 3986 §2.2: a reserved character's encoding differs",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("htu", q(c.tokenEndpoint.toString().replace("/token", "%2Ftoken"))))),
                Expected.refused(Reason.HTU, "htu does not match the request URI")));

        // ---- IAT
        t.add(new Case("iat an hour ago", Category.IAT, "OIDF iat -1 h; RFC 9449 §4.3 (11)",
                c -> Attempt.of(c.holder.proof("POST", c.tokenEndpoint, c.now - 3600)), Expected.refused(Reason.IAT, "too old")));
        t.add(new Case("iat an hour ahead", Category.IAT, "OIDF iat +1 h; RFC 9449 §4.3 (11)",
                c -> Attempt.of(c.holder.proof("POST", c.tokenEndpoint, c.now + 3600)), Expected.refused(Reason.IAT, "in the future")));
        t.add(new Case("iat 90 s ago", Category.IAT, "RFC 9449 §11.1 (window: 60 s back)",
                c -> Attempt.of(c.holder.proof("POST", c.tokenEndpoint, c.now - 90)), Expected.refused(Reason.IAT, "too old")));
        t.add(new Case("iat 60 s ahead", Category.IAT, "RFC 9449 §11.1 (window: 30 s ahead)",
                c -> Attempt.of(c.holder.proof("POST", c.tokenEndpoint, c.now + 60)), Expected.refused(Reason.IAT, "in the future")));
        t.add(new Case("iat 0", Category.IAT, "RFC 9449 §4.3 (11)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("iat", "0"))), Expected.refused(Reason.IAT, "too old")));
        t.add(new Case("iat negative", Category.IAT, "RFC 9449 §4.3 (11)",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("iat", "-1"))), Expected.refused(Reason.IAT, "too old")));
        t.add(new Case("iat 25 s ago (Keycloak's own check answers 500 there)", Category.IAT, "RFC 9449 §11.1; README",
                c -> Attempt.of(c.holder.proof("POST", c.tokenEndpoint, c.now - 25)), Expected.accepted()));

        // ---- STATE: what only the server with its replay store and the bound token can refuse
        t.add(new Case("replayed proof", Category.STATE, "OIDF jti reuse; RFC 9449 §11.1",
                c -> Attempt.of(c.usedProof()), Expected.byGate(RefusalReason.REPLAY, "already been used")));
        t.add(new Case("new proof reusing a used jti", Category.STATE, "RFC 9449 §4.3 (12), §11.1",
                c -> Attempt.of(c.holder.signed(h -> { }, cl -> cl.jwtID(c.usedJti()), "POST", c.tokenEndpoint)),
                Expected.byGate(RefusalReason.REPLAY, "already been used")));
        t.add(new Case("proof of the attacker's own key", Category.STATE, "OIDF other key; RFC 9449 §5",
                c -> Attempt.of(ATTACKER.proof("POST", c.tokenEndpoint)), Expected.keyMismatch()));
        t.add(new Case("proof by the key of another bound refresh token", Category.STATE, "RFC 9449 §5",
                c -> Attempt.of(c.otherHolder.proof("POST", c.tokenEndpoint)), Expected.keyMismatch()));

        // ---- not attacks: unknown members are ignored
        t.add(new Case("extra claims (nonce, ath, custom)", Category.CLAIMS, "OIDF extra claims; RFC 7519 §4",
                c -> Attempt.of(signed(c.holder, header(c.holder), claims(c).set("nonce", q("n-1")).set("ath", q("abc")).set("x-custom", "{\"a\":[1,2]}"))),
                Expected.accepted()));
        t.add(new Case("extra header parameters (kid, custom)", Category.HEADER, "RFC 7515 §4: unknown parameters are ignored",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("kid", q("k1")).set("x-custom", "true"), claims(c))), Expected.accepted()));
        t.add(new Case("zip header on a JWS (nothing is inflated)", Category.HEADER, "RFC 7516 §4.1.3: zip is for JWE only",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("zip", q("DEF")), claims(c))), Expected.accepted()));
        t.add(new Case("escaped characters in typ (dpop\\u002bjwt)", Category.HEADER, "RFC 8259 §7: the same string",
                c -> Attempt.of(signed(c.holder, header(c.holder).set("typ", "\"dpop\\u002bjwt\""), claims(c))), Expected.accepted()));
        return List.copyOf(t);
    }

    // ------------------------------------------------------------------------------------------ building blocks

    /** Keys made once: key generation is the slow part. */
    static final ProofKey ATTACKER = ProofKey.es256();
    static final ProofKey P384 = ProofKey.es384();
    static final ProofKey RSA_2048 = ProofKey.rs256();
    /** Nimbus refuses to sign with it, so it signs with the JCA. */
    static final java.security.KeyPair RSA_1024;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            RSA_1024 = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final BigInteger P256_PRIME = Curve.P_256.toECParameterSpec().getCurve().getField() instanceof java.security.spec.ECFieldFp f
            ? f.getP() : null;

    /** JSON object members in order, values as raw JSON; duplicates allowed. */
    static final class JsonObject {
        private final List<String[]> members = new ArrayList<>();

        JsonObject set(String name, String rawValue) {
            for (String[] m : members) {
                if (m[0].equals(name)) {
                    m[1] = rawValue;
                    return this;
                }
            }
            return add(name, rawValue);
        }

        JsonObject add(String name, String rawValue) {
            members.add(new String[] {name, rawValue});
            return this;
        }

        JsonObject addFirst(String name, String rawValue) {
            members.add(0, new String[] {name, rawValue});
            return this;
        }

        JsonObject remove(String name) {
            members.removeIf(m -> m[0].equals(name));
            return this;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("{");
            for (String[] m : members) {
                b.append(b.length() > 1 ? "," : "").append(q(m[0])).append(':').append(m[1]);
            }
            return b.append('}').toString();
        }
    }

    /** The header of a correct proof of {@code key}. */
    static JsonObject header(ProofKey key) {
        return new JsonObject().set("typ", q("dpop+jwt")).set("alg", q(key.algorithm().getName()))
                .set("jwk", key.jwk().toPublicJWK().toJSONString());
    }

    /** The claims of a correct proof for the context's endpoint and time. */
    static JsonObject claims(Context c) {
        return new JsonObject().set("jti", q(UUID.randomUUID().toString())).set("htm", q("POST"))
                .set("htu", q(c.tokenEndpoint.toString())).set("iat", Long.toString(c.now));
    }

    /** A JSON string literal. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    static String signed(ProofKey key, Object header, Object payload) {
        return signed(key, utf8(header.toString()), utf8(payload.toString()));
    }

    /** Header and payload bytes as given, signed with {@code key}'s algorithm (whatever the header says). */
    static String signed(ProofKey key, byte[] header, byte[] payload) {
        return key.signed(b64(header) + "." + b64(payload));
    }

    /** RS256 over the input with the 2048-bit test key: for jwk members that no real key has. */
    static String rsaSigned(Context c, String jwk) {
        return signed(RSA_2048, header(RSA_2048).set("jwk", jwk), claims(c));
    }

    static String rsa1024Signed(Context c) {
        try {
            String jwk = new RSAKey.Builder((RSAPublicKey) RSA_1024.getPublic()).build().toJSONString();
            String input = b64(utf8(header(RSA_2048).set("jwk", jwk).toString())) + "." + b64(utf8(claims(c).toString()));
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(RSA_1024.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmacSigned(Context c) {
        try {
            byte[] secret = utf8(c.holder.jwk().toPublicJWK().toJSONString());
            String input = b64(utf8(header(c.holder).set("alg", q("HS256")).toString())) + "." + b64(utf8(claims(c).toString()));
            return input + "." + new MACSigner(secret).sign(new JWSHeader(JWSAlgorithm.HS256), input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String offCurveJwk(ProofKey key) {
        ECKey ec = (ECKey) key.jwk();
        byte[] y = ec.getY().decode();
        y[y.length - 1] ^= 1;
        return ecJwk("P-256", ec.getX().decode(), y);
    }

    static String ecJwk(String crv, byte[] x, byte[] y) {
        return "{\"kty\":\"EC\",\"crv\":\"" + crv + "\",\"x\":\"" + b64(x) + "\",\"y\":\"" + b64(y) + "\"}";
    }

    static String rsaJwk(BigInteger n, BigInteger e) {
        return "{\"kty\":\"RSA\",\"n\":\"" + b64(unsigned(n)) + "\",\"e\":\"" + b64(unsigned(e)) + "\"}";
    }

    static BigInteger rsaModulus() {
        return ((RSAKey) RSA_2048.jwk()).getModulus().decodeToBigInteger();
    }

    static BigInteger oddNumber(int bits) {
        return new BigInteger(bits, new Random(bits)).setBit(bits - 1).setBit(0);
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static byte[] fixed(BigInteger n, int length) {
        byte[] b = unsigned(n);
        return cat(new byte[length - b.length], b);
    }

    static byte[] der(byte[] rawSignature) {
        try {
            return ECDSA.transcodeSignatureToDER(rawSignature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
