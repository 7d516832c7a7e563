package dev.hademo.user.auth;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import dev.hademo.user.config.UserServiceProperties;

@Component
public class PasswordHasher {

    private final BCryptPasswordEncoder bcrypt;
    /** Hashed on first need only, so startup stays fast. Two racing threads may both hash it: harmless. */
    private volatile String decoyHash;

    public PasswordHasher(UserServiceProperties properties) {
        this.bcrypt = new BCryptPasswordEncoder(properties.password().bcryptCost());
    }

    public String hash(String password) {
        return bcrypt.encode(password);
    }

    public boolean matches(String password, String hash) {
        return bcrypt.matches(password, hash);
    }

    /**
     * Spends the same time as a real check when the account does not exist, so response times do not
     * tell which e-mail addresses are registered.
     */
    public void matchAgainstDecoy(String password) {
        String hash = decoyHash;
        if (hash == null) {
            hash = bcrypt.encode("decoy-password-for-unknown-accounts");
            decoyHash = hash;
        }
        bcrypt.matches(password, hash);
    }
}
