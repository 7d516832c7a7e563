package dev.hademo.product

import dev.hademo.product.support.DynamoDbCallCounter
import dev.hademo.product.support.IntegrationTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import java.util.UUID

class CacheTest : IntegrationTest() {
    @Autowired
    private lateinit var dynamoDbCalls: DynamoDbCallCounter

    @Test
    fun `repeated product reads are served from Redis without touching DynamoDB`() {
        val first = api.get("/api/v1/products/p-0002")
        dynamoDbCalls.reset()
        val hitsBefore = cacheHits("product")

        val repeated = (1..20).map { api.get("/api/v1/products/p-0002") }

        assertThat(dynamoDbCalls.count("GetItem")).isZero()
        assertThat(repeated.map { it.body }).containsOnly(first.body)
        assertThat(cacheHits("product") - hitsBefore).isEqualTo(20.0)
    }

    @Test
    fun `repeated page reads are served from Redis without touching DynamoDB`() {
        api.get("/api/v1/products?limit=5&category=Garten")
        dynamoDbCalls.reset()

        repeat(10) { api.get("/api/v1/products?limit=5&category=Garten") }

        assertThat(dynamoDbCalls.count("Query")).isZero()
    }

    @Test
    fun `a stock change is visible immediately on cached reads`() {
        val before = api.get("/api/v1/products/p-0005").json["stock"].asInt()
        val page = "/api/v1/products?limit=10"
        val pageStock = { api.get(page).json["items"].first { it["id"].asText() == "p-0005" }["stock"].asInt() }
        assertThat(pageStock()).isEqualTo(before)

        val reservationId = "cache-" + UUID.randomUUID()
        assertThat(api.reserve("p-0005", reservationId, 2).status).isEqualTo(201)
        assertThat(api.get("/api/v1/products/p-0005").json["stock"].asInt()).isEqualTo(before - 2)
        assertThat(pageStock()).isEqualTo(before - 2)

        assertThat(api.delete("/api/v1/products/p-0005/reservations/$reservationId").status).isEqualTo(204)
        assertThat(api.get("/api/v1/products/p-0005").json["stock"].asInt()).isEqualTo(before)
        assertThat(pageStock()).isEqualTo(before)
    }

    @Test
    fun `a stock change does not send page reads back to DynamoDB`() {
        val page = "/api/v1/products?limit=10&category=Garten"
        val product = api.get(page).json["items"].first()
        val id = product["id"].asText()
        val before = product["stock"].asInt()
        assertThat(api.reserve(id, "cache-" + UUID.randomUUID(), 1).status).isEqualTo(201)
        dynamoDbCalls.reset()

        val after = api.get(page).json["items"].first { it["id"].asText() == id }["stock"].asInt()

        assertThat(after).isEqualTo(before - 1)
        assertThat(dynamoDbCalls.count("Query")).isZero()
        assertThat(dynamoDbCalls.count("GetItem")).isZero()
    }

    private fun cacheHits(cache: String): Double {
        val line = api.get("/metrics").body.lines()
            .first { it.startsWith("product_cache_requests_total{") && "cache=\"$cache\"" in it && "result=\"hit\"" in it }
        return line.substringAfterLast(' ').toDouble()
    }
}
