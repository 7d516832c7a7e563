package dev.hademo.user.account;

import java.time.Duration;

public class LoginRateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public LoginRateLimitedException(Duration retryAfter) {
        super("Too many login attempts for this account; try again later.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
