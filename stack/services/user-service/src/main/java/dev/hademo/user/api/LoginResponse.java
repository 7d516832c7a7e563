package dev.hademo.user.api;

import java.time.Instant;

public record LoginResponse(String accessToken, String tokenType, long expiresIn, Instant expiresAt, UserResponse user) {
}
