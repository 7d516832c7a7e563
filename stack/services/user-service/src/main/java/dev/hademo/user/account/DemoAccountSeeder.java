package dev.hademo.user.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.hademo.user.auth.PasswordHasher;
import dev.hademo.user.store.UserRepository;

/**
 * Creates the accounts the presenter and the load generator log in with (see the README).
 * Runs before the service reports ready; replicas seeding at the same time are safe because
 * every account is created with the same conditional transaction as a registration.
 */
@Component
@ConditionalOnProperty(name = "users.seed-demo-accounts", havingValue = "true")
class DemoAccountSeeder implements ApplicationRunner {

    static final String PASSWORD = "demo1234";
    private static final int LOAD_TEST_ACCOUNTS = 50;
    private static final Logger log = LoggerFactory.getLogger(DemoAccountSeeder.class);

    private final UserRepository users;
    private final PasswordHasher passwords;
    private final Clock clock;

    DemoAccountSeeder(UserRepository users, PasswordHasher passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    static Map<String, String> demoAccounts() {
        Map<String, String> nameByEmail = new LinkedHashMap<>();
        nameByEmail.put("demo@shop.example", "Demo Kundin");
        for (int i = 1; i <= LOAD_TEST_ACCOUNTS; i++) {
            nameByEmail.put("loadtest-%03d@shop.example".formatted(i), "Lasttest %03d".formatted(i));
        }
        return nameByEmail;
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, String> accounts = demoAccounts();
        Set<String> existing = users.registeredEmails(accounts.keySet());
        List<String> missing = new ArrayList<>(accounts.keySet());
        missing.removeAll(existing);
        if (missing.isEmpty()) {
            return;
        }
        // BCrypt is slow on purpose: one salted hash shared by the demo accounts keeps startup in seconds.
        String hash = passwords.hash(PASSWORD);
        int created = 0;
        for (String email : missing) {
            try {
                users.create(new User(UUID.randomUUID().toString(), email, accounts.get(email), hash, clock.instant()));
                created++;
            } catch (EmailAlreadyRegisteredException anotherReplicaWasFaster) {
                // Nothing to do: the account exists, which is all seeding wants.
            }
        }
        log.info("seeded {} demo accounts", created);
    }
}
