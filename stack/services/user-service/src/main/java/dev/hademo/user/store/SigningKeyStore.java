package dev.hademo.user.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Keeps the one JWT signing key that every replica of the service shares. */
@Component
public class SigningKeyStore {

    private static final Map<String, AttributeValue> KEY = Map.of(UsersTable.PK, AttributeValue.fromS("CONFIG#jwt-signing-key"));

    private final DynamoDbClient dynamo;
    private final String table;

    public SigningKeyStore(DynamoDbClient dynamo, UsersTable usersTable) {
        this.dynamo = dynamo;
        this.table = usersTable.name();
    }

    /** The stored private key as PKCS#8 PEM, if any replica has stored one. */
    public Optional<String> load() {
        var response = dynamo.getItem(b -> b.tableName(table).key(KEY).consistentRead(true));
        return response.hasItem() ? Optional.of(response.item().get("privateKeyPem").s()) : Optional.empty();
    }

    /** Stores the key unless another replica was first; returns whether this one won. */
    public boolean saveIfAbsent(String privateKeyPem) {
        Map<String, AttributeValue> item = new HashMap<>(KEY);
        item.put("privateKeyPem", AttributeValue.fromS(privateKeyPem));
        item.put("createdAt", AttributeValue.fromS(Instant.now().toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + UsersTable.PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException anotherReplicaWasFirst) {
            return false;
        }
    }
}
