package dev.hademo.product.catalog

import dev.hademo.product.config.ServiceProperties
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition
import software.amazon.awssdk.services.dynamodb.model.AttributeValue
import software.amazon.awssdk.services.dynamodb.model.BillingMode
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement
import software.amazon.awssdk.services.dynamodb.model.KeyType
import software.amazon.awssdk.services.dynamodb.model.Projection
import software.amazon.awssdk.services.dynamodb.model.ProjectionType
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType

/**
 * Layout of the `products` table. One table holds two kinds of items, told apart by the key prefix:
 *
 * - product: `pk = PRODUCT#<id>`, with `catalog` and `category` so it appears in both indexes;
 * - reservation: `pk = RESERVATION#<productId>#<reservationId>`, in no index (sparse indexes).
 */
@Component
class ProductTable(private val dynamoDb: DynamoDbClient, properties: ServiceProperties) {

    val name: String = properties.productsTable

    /** Creates the table unless it exists; safe when several replicas start at the same moment. */
    fun createIfMissing() {
        if (!exists()) {
            try {
                dynamoDb.createTable { request ->
                    request.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                            stringAttribute(PK),
                            stringAttribute(ID),
                            stringAttribute(CATEGORY),
                            stringAttribute(CATALOG),
                        )
                        .keySchema(key(PK, KeyType.HASH))
                        .globalSecondaryIndexes(
                            index(CATEGORY_INDEX, CATEGORY),
                            index(CATALOG_INDEX, CATALOG),
                        )
                }
                log.info("Created table {}", name)
            } catch (_: ResourceInUseException) {
                log.info("Table {} is being created by another replica", name)
            }
        }
        dynamoDb.waiter().waitUntilTableExists { it.tableName(name) }.matched().exception().ifPresent { throw it }
    }

    fun exists(): Boolean = try {
        dynamoDb.describeTable { it.tableName(name) }
        true
    } catch (_: ResourceNotFoundException) {
        false
    }

    private fun stringAttribute(attribute: String) =
        AttributeDefinition.builder().attributeName(attribute).attributeType(ScalarAttributeType.S).build()

    private fun key(attribute: String, type: KeyType) =
        KeySchemaElement.builder().attributeName(attribute).keyType(type).build()

    private fun index(indexName: String, hashKey: String) = GlobalSecondaryIndex.builder()
        .indexName(indexName)
        .keySchema(key(hashKey, KeyType.HASH), key(ID, KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build()

    companion object {
        private val log = LoggerFactory.getLogger(ProductTable::class.java)

        const val PK = "pk"
        const val ID = "id"
        const val NAME = "name"
        const val DESCRIPTION = "description"
        const val CATEGORY = "category"
        const val CATALOG = "catalog"
        const val PRICE_CENTS = "priceCents"
        const val CURRENCY = "currency"
        const val STOCK = "stock"
        const val VERSION = "version"

        const val CATEGORY_INDEX = "category-index"
        const val CATALOG_INDEX = "catalog-index"

        /** The single partition of the catalog index: every product, ordered by id. */
        const val CATALOG_ALL = "ALL"

        fun productKey(id: String): Map<String, AttributeValue> = mapOf(PK to s("PRODUCT#$id"))

        fun reservationKey(productId: String, reservationId: String): Map<String, AttributeValue> =
            mapOf(PK to s("RESERVATION#$productId#$reservationId"))

        fun s(value: String): AttributeValue = AttributeValue.fromS(value)

        fun n(value: Number): AttributeValue = AttributeValue.fromN(value.toString())
    }
}
