package dev.hademo.user;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.hademo.user.auth.SigningKeyProvider;
import dev.hademo.user.store.UsersTable;

/**
 * Creates the users table and resolves the signing key before the service answers any request.
 * <p>
 * This is a lifecycle start rather than bean creation because the image build records its class-data archive in
 * a training run that has no DynamoDB: with {@code -Dspring.context.exit=onRefresh} Spring stops that run once the
 * beans exist, before any lifecycle bean starts. It starts ahead of the web server, so the port opens only once
 * tokens can be signed, as before; the demo account seeder and the readiness state come later still. A failure
 * here fails startup.
 */
@Component
class ServiceBootstrap implements SmartLifecycle {

    /** The web server starts in a phase just below {@link SmartLifecycle#DEFAULT_PHASE}; a lower one runs first. */
    private static final int PHASE = 0;

    private final UsersTable usersTable;
    private final SigningKeyProvider signingKey;
    private volatile boolean running;

    ServiceBootstrap(UsersTable usersTable, SigningKeyProvider signingKey) {
        this.usersTable = usersTable;
        this.signingKey = signingKey;
    }

    @Override
    public void start() {
        // The shared signing key is an item of the table, so the table comes first.
        usersTable.ensureExists();
        signingKey.resolve();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
