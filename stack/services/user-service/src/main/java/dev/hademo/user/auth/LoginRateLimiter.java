package dev.hademo.user.auth;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hademo.user.config.UserServiceProperties;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * One Resilience4j rate limiter per account, so guessing one account's password cannot lock out
 * anybody else. Limiters live in a bounded cache: an attacker cycling through made-up addresses
 * costs bounded memory, and a limiter idle for longer than its period has nothing left to remember.
 */
@Component
public class LoginRateLimiter {

    private final RateLimiterConfig config;
    private final Cache<String, AtomicRateLimiter> limiters;

    public LoginRateLimiter(UserServiceProperties properties) {
        var settings = properties.loginRateLimit();
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(settings.attempts())
                .limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.limiters = Caffeine.newBuilder()
                .maximumSize(settings.maxTrackedAccounts())
                .expireAfterAccess(settings.period().multipliedBy(2))
                .build();
    }

    /** Takes one login attempt for the account, or says how long to wait for the next one. */
    public Decision tryAcquire(String normalizedEmail) {
        AtomicRateLimiter limiter = limiters.get(normalizedEmail, email -> new AtomicRateLimiter("login:" + email, config));
        if (limiter.acquirePermission()) {
            return Decision.PERMITTED;
        }
        // AtomicRateLimiter (Resilience4j's default implementation) knows when its next cycle starts,
        // which is exactly what Retry-After should say.
        return new Decision(false, Duration.ofNanos(Math.max(0, limiter.getDetailedMetrics().getNanosToWait())));
    }

    public record Decision(boolean permitted, Duration retryAfter) {
        static final Decision PERMITTED = new Decision(true, Duration.ZERO);
    }
}
