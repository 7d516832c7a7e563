package dev.hademo.product

import dev.hademo.product.catalog.CatalogSeed
import dev.hademo.product.catalog.ProductRepository
import dev.hademo.product.catalog.ProductTable
import dev.hademo.product.config.ServiceProperties
import dev.hademo.product.support.IntegrationTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import java.net.URLEncoder
import java.util.concurrent.Executors

class CatalogTest : IntegrationTest() {
    @Autowired
    private lateinit var dynamoDb: DynamoDbClient

    @Autowired
    private lateinit var seed: CatalogSeed

    @Test
    fun `paging with the cursor walks the whole seeded catalog once`() {
        val ids = mutableListOf<String>()
        var cursor: String? = null
        do {
            val page = api.get("/api/v1/products?limit=7" + (cursor?.let { "&cursor=$it" } ?: ""))
            assertThat(page.status).isEqualTo(200)
            assertThat(page.json["items"].size()).isLessThanOrEqualTo(7)
            page.json["items"].forEach { ids += it["id"].asText() }
            cursor = page.json["nextCursor"].takeUnless { it.isNull }?.asText()
        } while (cursor != null)

        val seeded = seed.products().map { it.id }
        assertThat(seeded).hasSizeGreaterThanOrEqualTo(50)
        assertThat(ids).doesNotHaveDuplicates().containsAll(seeded)
        assertThat(ids).isSorted()
    }

    @Test
    fun `a category filter returns only that category, and categories count the products`() {
        val categories = api.get("/api/v1/products/categories").json["items"]
        val kitchen = categories.first { it["name"].asText() == "Küche" }

        val page = api.get("/api/v1/products?limit=100&category=" + URLEncoder.encode("Küche", Charsets.UTF_8))

        assertThat(categories.size()).isGreaterThanOrEqualTo(5)
        assertThat(page.json["items"].map { it["category"].asText() }).containsOnly("Küche")
        assertThat(page.json["items"].size()).isEqualTo(kitchen["productCount"].asInt())
        assertThat(page.json["nextCursor"].isNull).isTrue()
    }

    @Test
    fun `a seeded product has a German name, a euro price in cents and stock`() {
        val product = api.get("/api/v1/products/p-0001").json

        assertThat(product["name"].asText()).isNotBlank()
        assertThat(product["currency"].asText()).isEqualTo("EUR")
        assertThat(product["priceCents"].isIntegralNumber).isTrue()
        assertThat(product["stock"].asInt()).isPositive()
    }

    @Test
    fun `replicas starting at once create and seed the table exactly once`() {
        val properties = ServiceProperties(tablePrefix = "$tablePrefix-replicas-")
        val table = ProductTable(dynamoDb, properties)
        val repository = ProductRepository(dynamoDb, table)

        val inserted = Executors.newVirtualThreadPerTaskExecutor().use { executor ->
            (1..3).map {
                executor.submit<Int> {
                    table.createIfMissing()
                    seed.products().count(repository::insertIfAbsent)
                }
            }.sumOf { it.get() }
        }

        assertThat(inserted).isEqualTo(seed.products().size)
        assertThat(repository.countByCategory().values.sum()).isEqualTo(seed.products().size)
    }
}
