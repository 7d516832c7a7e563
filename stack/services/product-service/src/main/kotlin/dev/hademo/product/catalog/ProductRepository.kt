package dev.hademo.product.catalog

import dev.hademo.product.catalog.ProductTable.Companion.CATALOG
import dev.hademo.product.catalog.ProductTable.Companion.CATALOG_ALL
import dev.hademo.product.catalog.ProductTable.Companion.CATALOG_INDEX
import dev.hademo.product.catalog.ProductTable.Companion.CATEGORY
import dev.hademo.product.catalog.ProductTable.Companion.CATEGORY_INDEX
import dev.hademo.product.catalog.ProductTable.Companion.CURRENCY
import dev.hademo.product.catalog.ProductTable.Companion.DESCRIPTION
import dev.hademo.product.catalog.ProductTable.Companion.ID
import dev.hademo.product.catalog.ProductTable.Companion.NAME
import dev.hademo.product.catalog.ProductTable.Companion.PK
import dev.hademo.product.catalog.ProductTable.Companion.PRICE_CENTS
import dev.hademo.product.catalog.ProductTable.Companion.STOCK
import dev.hademo.product.catalog.ProductTable.Companion.VERSION
import dev.hademo.product.catalog.ProductTable.Companion.n
import dev.hademo.product.catalog.ProductTable.Companion.productKey
import dev.hademo.product.catalog.ProductTable.Companion.s
import org.springframework.stereotype.Repository
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import software.amazon.awssdk.services.dynamodb.model.AttributeValue
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException

/** Catalog reads and writes straight against DynamoDB; caching is the caller's business. */
@Repository
class ProductRepository(private val dynamoDb: DynamoDbClient, private val table: ProductTable) {

    fun find(id: String, consistent: Boolean = false): StoredProduct? =
        dynamoDb.getItem { it.tableName(table.name).key(productKey(id)).consistentRead(consistent) }
            .takeIf { it.hasItem() }
            ?.item()
            ?.let(::toStoredProduct)

    /**
     * One page of products ordered by id, optionally of one category, starting after [afterId].
     * Asks for one item more than needed so that `nextCursor` is null exactly on the last page.
     */
    fun page(category: String?, limit: Int, afterId: String?): Pair<List<StoredProduct>, Boolean> {
        val (indexName, hashAttribute, hashValue) =
            if (category == null) Triple(CATALOG_INDEX, CATALOG, CATALOG_ALL) else Triple(CATEGORY_INDEX, CATEGORY, category)
        val response = dynamoDb.query { request ->
            request.tableName(table.name)
                .indexName(indexName)
                .keyConditionExpression("#hash = :hash")
                .expressionAttributeNames(mapOf("#hash" to hashAttribute))
                .expressionAttributeValues(mapOf(":hash" to s(hashValue)))
                .limit(limit + 1)
            if (afterId != null) {
                request.exclusiveStartKey(productKey(afterId) + mapOf(hashAttribute to s(hashValue), ID to s(afterId)))
            }
        }
        val products = response.items().map(::toStoredProduct)
        return products.take(limit) to (products.size > limit)
    }

    fun countByCategory(): Map<String, Int> {
        val counts = sortedMapOf<String, Int>()
        val pages = dynamoDb.queryPaginator { request ->
            request.tableName(table.name)
                .indexName(CATALOG_INDEX)
                .keyConditionExpression("#catalog = :all")
                .expressionAttributeNames(mapOf("#catalog" to CATALOG, "#category" to CATEGORY))
                .expressionAttributeValues(mapOf(":all" to s(CATALOG_ALL)))
                .projectionExpression("#category")
        }
        pages.items().forEach { item -> counts.merge(item.getValue(CATEGORY).s(), 1, Int::plus) }
        return counts
    }

    fun isEmpty(): Boolean = dynamoDb.query { request ->
        request.tableName(table.name)
            .indexName(CATALOG_INDEX)
            .keyConditionExpression("#catalog = :all")
            .expressionAttributeNames(mapOf("#catalog" to CATALOG))
            .expressionAttributeValues(mapOf(":all" to s(CATALOG_ALL)))
            .limit(1)
    }.count() == 0

    /** Inserts the product unless one with its id exists; returns whether it was inserted. */
    fun insertIfAbsent(product: Product): Boolean = try {
        dynamoDb.putItem { request ->
            request.tableName(table.name)
                .item(toItem(product))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(mapOf("#pk" to PK))
        }
        true
    } catch (_: ConditionalCheckFailedException) {
        false
    }

    private fun toItem(product: Product): Map<String, AttributeValue> = productKey(product.id) + mapOf(
        ID to s(product.id),
        NAME to s(product.name),
        DESCRIPTION to s(product.description),
        CATEGORY to s(product.category),
        CATALOG to s(CATALOG_ALL),
        PRICE_CENTS to n(product.priceCents),
        CURRENCY to s(product.currency),
        STOCK to n(product.stock),
        VERSION to n(0),
    )

    private fun toStoredProduct(item: Map<String, AttributeValue>) = StoredProduct(
        product = Product(
            id = item.getValue(ID).s(),
            name = item.getValue(NAME).s(),
            description = item.getValue(DESCRIPTION).s(),
            category = item.getValue(CATEGORY).s(),
            priceCents = item.getValue(PRICE_CENTS).n().toLong(),
            currency = item.getValue(CURRENCY).s(),
            stock = item.getValue(STOCK).n().toInt(),
        ),
        version = item[VERSION]?.n()?.toLong() ?: 0,
    )
}
