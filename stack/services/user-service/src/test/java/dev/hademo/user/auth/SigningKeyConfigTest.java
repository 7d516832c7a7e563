package dev.hademo.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

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

class SigningKeyConfigTest {

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
                    // Each "replica" brings its own table bootstrap and store, as separate processes would.
                    return new SigningKeyConfig().signingKey(properties, new SigningKeyStore(dynamo, new UsersTable(dynamo, properties)));
                }));
            }
            start.countDown();
            List<String> keyIds = new ArrayList<>();
            for (Future<RSAKey> key : keys) {
                keyIds.add(key.get().getKeyID());
            }
            assertThat(keyIds).hasSize(replicas).containsOnly(keyIds.getFirst());
        }
        var restarted = new SigningKeyConfig().signingKey(properties, new SigningKeyStore(dynamo, new UsersTable(dynamo, properties)));
        assertThat(restarted.getKeyID()).as("a restarted replica keeps the key").isEqualTo(keys.getFirst().get().getKeyID());
    }

    @Test
    void aKeyFileTakesPrecedenceOverTheSharedKey(@TempDir Path dir) throws Exception {
        String pem = SigningKeys.generatePem();
        Path file = Files.writeString(dir.resolve("jwt.pem"), pem);
        UserServiceProperties properties = properties("file-" + UUID.randomUUID() + "-", file);
        SigningKeyStore store = new SigningKeyStore(dynamo, new UsersTable(dynamo, properties));

        RSAKey key = new SigningKeyConfig().signingKey(properties, store);

        assertThat(key.getKeyID()).isEqualTo(SigningKeys.fromPem(pem).getKeyID());
        assertThat(store.load()).as("nothing is generated or stored when the operator brings a key").isEmpty();
    }

    private static UserServiceProperties properties(String tablePrefix, Path keyFile) {
        return new UserServiceProperties("eu-central-1", MotoServer.endpoint(), tablePrefix,
                new UserServiceProperties.Jwt("ha-demo-user-service", "ha-demo", Duration.ofHours(1), keyFile),
                new UserServiceProperties.LoginRateLimit(10, Duration.ofMinutes(1), 100),
                new UserServiceProperties.Password(4),
                false);
    }
}
