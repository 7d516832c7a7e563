package dev.hademo.user.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    private static final int PARALLEL_WRITES = 8;
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
    public void run(ApplicationArguments args) throws InterruptedException, ExecutionException {
        Map<String, String> accounts = demoAccounts();
        Set<String> existing = users.registeredEmails(accounts.keySet());
        List<String> missing = new ArrayList<>(accounts.keySet());
        missing.removeAll(existing);
        if (missing.isEmpty()) {
            return;
        }
        // BCrypt is slow on purpose: one salted hash shared by the demo accounts keeps startup in seconds.
        String hash = passwords.hash(PASSWORD);
        List<Callable<Boolean>> writes = missing.stream()
                .<Callable<Boolean>>map(email -> () -> createIfAbsent(email, accounts.get(email), hash))
                .toList();
        int created = 0;
        // The writes are independent and each waits on a network round trip: overlap them.
        try (ExecutorService writers = Executors.newFixedThreadPool(PARALLEL_WRITES, Thread.ofVirtual().factory())) {
            for (Future<Boolean> write : writers.invokeAll(writes)) {
                created += write.get() ? 1 : 0;
            }
        }
        log.info("seeded {} demo accounts", created);
    }

    private boolean createIfAbsent(String email, String name, String passwordHash) {
        try {
            users.create(new User(UUID.randomUUID().toString(), email, name, passwordHash, clock.instant()));
            return true;
        } catch (EmailAlreadyRegisteredException anotherReplicaWasFaster) {
            return false;
        }
    }
}
