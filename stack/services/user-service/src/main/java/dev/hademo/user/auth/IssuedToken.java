package dev.hademo.user.auth;

import java.time.Duration;
import java.time.Instant;

public record IssuedToken(String value, Instant issuedAt, Instant expiresAt) {

    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }
}
