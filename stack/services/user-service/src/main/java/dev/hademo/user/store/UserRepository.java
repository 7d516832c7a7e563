package dev.hademo.user.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Repository;

import dev.hademo.user.account.EmailAlreadyRegisteredException;
import dev.hademo.user.account.User;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

@Repository
public class UserRepository {

    private static final String NOT_EXISTS = "attribute_not_exists(" + UsersTable.PK + ")";
    /** DynamoDB cancels a transaction that races another one on the same item; a retry then sees the winner. */
    private static final int MAX_TRANSACTION_ATTEMPTS = 3;
    private static final int BATCH_GET_LIMIT = 100;
    private static final String USER_PREFIX = "USER#";
    private static final String EMAIL_PREFIX = "EMAIL#";

    private final DynamoDbClient dynamo;
    private final String table;

    public UserRepository(DynamoDbClient dynamo, UsersTable usersTable) {
        this.dynamo = dynamo;
        this.table = usersTable.name();
    }

    /**
     * Stores the account and claims its e-mail address in one transaction. Both writes are conditional,
     * so of two concurrent registrations of one address exactly one commits.
     */
    public void create(User user) {
        List<TransactWriteItem> writes = List.of(
                conditionalPut(userItem(user)),
                conditionalPut(Map.of(
                        UsersTable.PK, s(emailKey(user.email())),
                        "userId", s(user.id()))));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                if (hasReason(e, "ConditionalCheckFailed")) {
                    throw new EmailAlreadyRegisteredException(user.email());
                }
                if (!hasReason(e, "TransactionConflict") || attempt == MAX_TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public Optional<User> findByEmail(String normalizedEmail) {
        Map<String, AttributeValue> claim = get(emailKey(normalizedEmail));
        if (claim == null) {
            return Optional.empty();
        }
        return findById(claim.get("userId").s());
    }

    public Optional<User> findById(String id) {
        return Optional.ofNullable(get(userKey(id))).map(UserRepository::toUser);
    }

    /** Which of these (normalized) addresses already belong to an account. */
    public Set<String> registeredEmails(Collection<String> normalizedEmails) {
        Set<String> found = new HashSet<>();
        List<String> emails = List.copyOf(normalizedEmails);
        for (int from = 0; from < emails.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = emails.subList(from, Math.min(from + BATCH_GET_LIMIT, emails.size()))
                    .stream().map(email -> Map.of(UsersTable.PK, s(emailKey(email)))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys).consistentRead(true).build());
            while (!pending.isEmpty()) {
                BatchGetItemResponse response = dynamo.batchGetItem(
                        BatchGetItemRequest.builder().requestItems(pending).build());
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.add(item.get(UsersTable.PK).s().substring(EMAIL_PREFIX.length())));
                pending = response.unprocessedKeys();
            }
        }
        return found;
    }

    private Map<String, AttributeValue> get(String key) {
        var response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(UsersTable.PK, s(key)))
                .consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).conditionExpression(NOT_EXISTS).build())
                .build();
    }

    private static boolean hasReason(TransactionCanceledException e, String code) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().map(CancellationReason::code).anyMatch(code::equals);
    }

    private static Map<String, AttributeValue> userItem(User user) {
        return Map.of(
                UsersTable.PK, s(userKey(user.id())),
                "id", s(user.id()),
                "email", s(user.email()),
                "name", s(user.name()),
                "passwordHash", s(user.passwordHash()),
                "createdAt", s(user.createdAt().toString()));
    }

    private static User toUser(Map<String, AttributeValue> item) {
        return new User(
                item.get("id").s(),
                item.get("email").s(),
                item.get("name").s(),
                item.get("passwordHash").s(),
                Instant.parse(item.get("createdAt").s()));
    }

    private static String userKey(String id) {
        return USER_PREFIX + id;
    }

    private static String emailKey(String normalizedEmail) {
        return EMAIL_PREFIX + normalizedEmail;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
