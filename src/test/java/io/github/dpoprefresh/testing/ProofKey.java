package io.github.dpoprefresh.testing;

import java.net.URI;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;

/**
 * A client's DPoP key. Proofs come from Nimbus OAuth 2.0 SDK's {@link DefaultDPoPProofFactory} (third-party code,
 * so our tests do not only agree with ourselves); {@link #signed} builds deliberately broken proofs with Nimbus JOSE.
 */
public final class ProofKey {

    private final JWK jwk;
    private final JWSAlgorithm algorithm;
    private final DefaultDPoPProofFactory factory;

    private ProofKey(JWK jwk, JWSAlgorithm algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
        try {
            this.factory = new DefaultDPoPProofFactory(jwk, algorithm);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProofKey es256() {
        return new ProofKey(generate(() -> new ECKeyGenerator(Curve.P_256).generate()), JWSAlgorithm.ES256);
    }

    public static ProofKey es384() {
        return new ProofKey(generate(() -> new ECKeyGenerator(Curve.P_384).generate()), JWSAlgorithm.ES384);
    }

    public static ProofKey rs256() {
        return new ProofKey(generate(() -> new RSAKeyGenerator(2048).generate()), JWSAlgorithm.RS256);
    }

    public static ProofKey ps256() {
        return new ProofKey(generate(() -> new RSAKeyGenerator(2048).generate()), JWSAlgorithm.PS256);
    }

    public static ProofKey edDsa() {
        return new ProofKey(generate(() -> new OctetKeyPairGenerator(Curve.Ed25519).generate()), JWSAlgorithm.EdDSA);
    }

    public static ProofKey of(JWK jwk, JWSAlgorithm algorithm) {
        return new ProofKey(jwk, algorithm);
    }

    public JWK jwk() {
        return jwk;
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** RFC 7638 thumbprint as Nimbus computes it. */
    public String thumbprint() {
        try {
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh proof, as a client SDK makes it. */
    public String proof(String method, URI uri) {
        try {
            return factory.createDPoPJWT(method, uri).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof carrying a server nonce (RFC 9449 §8), as a client SDK makes it after a {@code use_dpop_nonce}. */
    public String proof(String method, URI uri, String nonce) {
        try {
            return factory.createDPoPJWT(method, uri, new com.nimbusds.openid.connect.sdk.Nonce(nonce)).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof with a chosen iat (seconds since the epoch). */
    public String proof(String method, URI uri, long iat) {
        try {
            return factory.createDPoPJWT(new JWTID(UUID.randomUUID().toString()), method, uri, new Date(iat * 1000L), null, null)
                    .serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims a correct proof has, to start a broken one from. */
    public static JWTClaimsSet.Builder claims(String method, URI uri) {
        return new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", uri.toString())
                .issueTime(new Date());
    }

    /** A header as a correct proof has it, to start a broken one from. */
    public JWSHeader.Builder header() {
        return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("dpop+jwt")).jwk(jwk.toPublicJWK());
    }

    /** Signs any header and claims with this key: the building block of hostile proofs. */
    public String signed(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer());
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String signed(Consumer<JWSHeader.Builder> header, Consumer<JWTClaimsSet.Builder> claims, String method, URI uri) {
        JWSHeader.Builder h = header();
        header.accept(h);
        JWTClaimsSet.Builder c = claims(method, uri);
        claims.accept(c);
        return signed(h.build(), c.build());
    }

    /**
     * Signs a JWS signing input ({@code base64url(header) "." base64url(payload)}) exactly as given, with this key's
     * algorithm, and returns the compact JWS: for headers and payloads that no JOSE library would produce.
     */
    public String signed(String signingInput) {
        try {
            return signingInput + "." + signer().sign(new JWSHeader(algorithm),
                    signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWSSigner signer() throws JOSEException {
        if (jwk instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        if (jwk instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        return new Ed25519Signer((OctetKeyPair) jwk);
    }

    private interface KeyMaker {
        JWK make() throws JOSEException;
    }

    private static JWK generate(KeyMaker maker) {
        try {
            return maker.make();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
