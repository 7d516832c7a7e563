package dev.hademo.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.hademo.user.auth.IssuedToken;
import dev.hademo.user.auth.LoginRateLimiter;
import dev.hademo.user.auth.PasswordHasher;
import dev.hademo.user.auth.TokenService;
import dev.hademo.user.store.UserRepository;
import io.micrometer.core.instrument.MeterRegistry;

@Service
public class AccountService {

    private static final String REGISTRATIONS = "user.registrations";
    private static final String LOGINS = "user.logins";
    private static final List<String> REGISTRATION_OUTCOMES = List.of("created", "duplicate");
    private static final List<String> LOGIN_OUTCOMES = List.of("success", "failure", "rate_limited");

    private final UserRepository users;
    private final PasswordHasher passwords;
    private final TokenService tokens;
    private final LoginRateLimiter rateLimiter;
    private final MeterRegistry meters;
    private final Clock clock;

    public AccountService(UserRepository users, PasswordHasher passwords, TokenService tokens,
                          LoginRateLimiter rateLimiter, MeterRegistry meters, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.meters = meters;
        this.clock = clock;
        // Zero-valued series from the start, so dashboards show a flat line rather than "no data".
        REGISTRATION_OUTCOMES.forEach(outcome -> meters.counter(REGISTRATIONS, "outcome", outcome));
        LOGIN_OUTCOMES.forEach(outcome -> meters.counter(LOGINS, "outcome", outcome));
    }

    public User register(String email, String password, String name) {
        User user = new User(UUID.randomUUID().toString(), Emails.normalize(email), name.strip(),
                passwords.hash(password), clock.instant());
        try {
            users.create(user);
        } catch (EmailAlreadyRegisteredException e) {
            countRegistration("duplicate");
            throw e;
        }
        countRegistration("created");
        return user;
    }

    public LoginResult login(String email, String password) {
        String normalized = Emails.normalize(email);
        var decision = rateLimiter.tryAcquire(normalized);
        if (!decision.permitted()) {
            countLogin("rate_limited");
            throw new LoginRateLimitedException(decision.retryAfter());
        }
        User user = users.findByEmail(normalized).orElse(null);
        boolean valid = user == null
                ? decoyCheck(password)
                : passwords.matches(password, user.passwordHash());
        if (!valid) {
            countLogin("failure");
            throw new InvalidCredentialsException();
        }
        countLogin("success");
        return new LoginResult(user, tokens.issue(user));
    }

    /** The account behind a verified token. */
    public User profile(String userId) {
        return users.findById(userId).orElseThrow(UnknownAccountException::new);
    }

    private boolean decoyCheck(String password) {
        passwords.matchAgainstDecoy(password);
        return false;
    }

    private void countRegistration(String outcome) {
        meters.counter(REGISTRATIONS, "outcome", outcome).increment();
    }

    private void countLogin(String outcome) {
        meters.counter(LOGINS, "outcome", outcome).increment();
    }

    public record LoginResult(User user, IssuedToken token) {
    }
}
