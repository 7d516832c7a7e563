package dev.hademo.user.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.hademo.user.account.User;
import dev.hademo.user.config.UserServiceProperties;

/** Issues the RS256 access tokens of the shop and checks the ones presented to this service. */
@Service
public class TokenService {

    private final SigningKeyProvider signingKey;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final UserServiceProperties.Jwt settings;
    private final Clock clock;

    public TokenService(SigningKeyProvider signingKey, UserServiceProperties properties, Clock clock) {
        this.signingKey = signingKey;
        this.settings = properties.jwt();
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        // Asks for the key per token, because it is only known once startup has resolved it.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.RS256, (selector, context) -> selector.select(publicKeys())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "iat", "exp")));
    }

    public IssuedToken issue(User user) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.ttl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(user.id())
                .claim("email", user.email())
                .claim("name", user.name())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        RSAKey key = signingKey.get();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            // A signer per token costs microseconds next to the RSA signature itself.
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return new IssuedToken(jwt.serialize(), now, expiresAt);
    }

    /** Returns the user id ({@code sub}) of a valid token; the reason is kept for logs, not for clients. */
    public String verify(String token) {
        try {
            return processor.process(token, null).getSubject();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    /** The public half only, for other services to verify tokens without a shared secret. */
    public JWKSet publicKeys() {
        return new JWKSet(signingKey.get().toPublicJWK());
    }
}
