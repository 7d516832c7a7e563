package dev.hademo.user.store;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.hademo.user.config.UserServiceProperties;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The single-table layout of the service. Every item has one string key {@code pk}:
 * {@code USER#<id>} (the account), {@code EMAIL#<email>} (uniqueness guard and login lookup)
 * and {@code CONFIG#jwt-signing-key} (the key pair shared by all replicas).
 */
@Component
public class UsersTable {

    static final String PK = "pk";
    private static final Duration READINESS_TIMEOUT = Duration.ofMillis(1500);

    private static final Logger log = LoggerFactory.getLogger(UsersTable.class);

    private final DynamoDbClient dynamo;
    private final String name;

    public UsersTable(DynamoDbClient dynamo, UserServiceProperties properties) {
        this.dynamo = dynamo;
        this.name = properties.usersTable();
    }

    public String name() {
        return name;
    }

    /** Throws when the table cannot be reached; the readiness probe turns that into DOWN. */
    public void checkReachable() {
        // Shorter than the probe timeouts of Compose and HAProxy, so they see DOWN rather than no answer.
        dynamo.describeTable(b -> b.tableName(name)
                .overrideConfiguration(o -> o.apiCallTimeout(READINESS_TIMEOUT)));
    }

    /**
     * Creates the table unless it exists. Several replicas may start at once: whoever loses the
     * race gets {@link ResourceInUseException}, which means the same thing as success here.
     * Not done in the constructor: creating beans must not reach DynamoDB (see {@code ServiceBootstrap}).
     */
    public void ensureExists() {
        try {
            dynamo.createTable(b -> b.tableName(name)
                    .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(PK).attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            log.info("created DynamoDB table {}", name);
        } catch (ResourceInUseException alreadyThere) {
            log.debug("DynamoDB table {} already exists", name);
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name)).matched().exception().ifPresent(e -> {
            throw new IllegalStateException("table " + name + " did not become active", e);
        });
    }
}
