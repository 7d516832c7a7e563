package dev.hademo.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.RSAKey;

import dev.hademo.user.MotoServer;
import dev.hademo.user.config.UserServiceProperties;
import dev.hademo.user.store.SigningKeyStore;
import dev.hademo.user.store.UsersTable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class SigningKeyProviderTest {

    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect() {
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(MotoServer.endpoint()))
                .region(Region.EU_CENTRAL_1)
                .build();
    }

    @AfterAll
    static void disconnect() {
        dynamo.close();
    }

    @Test
    void replicasStartingTogetherAllSignWithTheSameKey() throws Exception {
        UserServiceProperties properties = properties("race-" + UUID.randomUUID() + "-", null);
        int replicas = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RSAKey>> keys = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(replicas)) {
            for (int i = 0; i < replicas; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    // Each "replica" brings its own table bootstrap and provider, as separate processes would.
                    return startReplica(properties).resolve();
                }));
            }
            start.countDown();
            List<String> keyIds = new ArrayList<>();
            for (Future<RSAKey> key : keys) {
                keyIds.add(key.get().getKeyID());
            }
            assertThat(keyIds).hasSize(replicas).containsOnly(keyIds.getFirst());
        }
        var restarted = startReplica(properties).resolve();
        assertThat(restarted.getKeyID()).as("a restarted replica keeps the key").isEqualTo(keys.getFirst().get().getKeyID());
    }

    @Test
    void aKeyFileTakesPrecedenceOverTheSharedKey(@TempDir Path dir) throws Exception {
        String pem = SigningKeys.generatePem();
        Path file = Files.writeString(dir.resolve("jwt.pem"), pem);
        UserServiceProperties properties = properties("file-" + UUID.randomUUID() + "-", file);
        UsersTable table = new UsersTable(dynamo, properties);
        table.ensureExists();
        SigningKeyStore store = new SigningKeyStore(dynamo, table);

        RSAKey key = new SigningKeyProvider(properties, store).resolve();

        assertThat(key.getKeyID()).isEqualTo(SigningKeys.fromPem(pem).getKeyID());
        assertThat(store.load()).as("nothing is generated or stored when the operator brings a key").isEmpty();
    }

    @Test
    void theKeyIsResolvedOnceWhenStartupAsksForIt() {
        UserServiceProperties properties = properties("once-" + UUID.randomUUID() + "-", null);
        SigningKeyProvider provider = startReplica(properties);
        assertThatIllegalStateException().as("nothing to sign with before startup resolved the key")
                .isThrownBy(provider::get);

        RSAKey resolved = provider.resolve();

        assertThat(provider.get()).isSameAs(resolved);
        assertThat(provider.resolve()).isSameAs(resolved);
    }

    private static SigningKeyProvider startReplica(UserServiceProperties properties) {
        UsersTable table = new UsersTable(dynamo, properties);
        table.ensureExists();
        return new SigningKeyProvider(properties, new SigningKeyStore(dynamo, table));
    }

    private static UserServiceProperties properties(String tablePrefix, Path keyFile) {
        return new UserServiceProperties("eu-central-1", MotoServer.endpoint(), tablePrefix,
                new UserServiceProperties.Jwt("ha-demo-user-service", "ha-demo", Duration.ofHours(1), keyFile),
                new UserServiceProperties.LoginRateLimit(10, Duration.ofMinutes(1), 100),
                new UserServiceProperties.Password(4),
                false);
    }
}
