package dev.hademo.user.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/** Conversions between PKCS#8 PEM text and the JWK the service signs with. */
public final class SigningKeys {

    private static final int KEY_SIZE_BITS = 2048;
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private SigningKeys() {
    }

    public static String generatePem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE_BITS);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n" + PEM_END + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /**
     * Reads an unencrypted PKCS#8 RSA private key. The key id is the RFC 7638 thumbprint, so every
     * replica holding the same key publishes the same {@code kid} without agreeing on anything else.
     */
    public static RSAKey fromPem(String pem) {
        if (!pem.contains(PEM_BEGIN)) {
            throw new IllegalArgumentException("expected an unencrypted PKCS#8 key (" + PEM_BEGIN + ")");
        }
        String base64 = pem.substring(pem.indexOf(PEM_BEGIN) + PEM_BEGIN.length(), pem.indexOf(PEM_END))
                .replaceAll("\\s", "");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            var publicKey = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(withoutId.computeThumbprint().toString())
                    .build();
        } catch (GeneralSecurityException | ClassCastException | JOSEException e) {
            throw new IllegalArgumentException("not a valid RSA private key in PKCS#8 form", e);
        }
    }
}
