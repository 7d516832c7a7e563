package dev.hademo.product

import dev.hademo.product.catalog.Product
import dev.hademo.product.catalog.ProductRepository
import dev.hademo.product.support.IntegrationTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import java.util.UUID
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

class ReservationTest : IntegrationTest() {
    @Autowired
    private lateinit var products: ProductRepository

    @Test
    fun `50 concurrent reservations against stock 10 reserve exactly 10`() {
        val id = newProduct(stock = 10)

        val statuses = concurrently(50) { i -> api.reserve(id, "order-$i:$id", 1).status }

        assertThat(statuses.count { it == 201 }).isEqualTo(10)
        assertThat(statuses.count { it == 409 }).isEqualTo(40)
        assertThat(products.find(id, consistent = true)!!.product.stock).isZero()
        assertThat(api.get("/api/v1/products/$id").json["stock"].asInt()).isZero()
    }

    @Test
    fun `a repeated reservation id reserves only once, also when repeated concurrently`() {
        val id = newProduct(stock = 20)

        val statuses = concurrently(10) { api.reserve(id, "order-same:$id", 3).status }
        val again = api.reserve(id, "order-same:$id", 3)

        assertThat(statuses.count { it == 201 }).isEqualTo(1)
        assertThat(statuses.count { it == 200 }).isEqualTo(9)
        assertThat(again.status).isEqualTo(200)
        assertThat(again.json["remainingStock"].asInt()).isEqualTo(17)
        assertThat(products.find(id, consistent = true)!!.product.stock).isEqualTo(17)
    }

    @Test
    fun `a short stock answers 409 insufficient-stock and leaves the stock alone`() {
        val id = newProduct(stock = 2)

        val response = api.reserve(id, "order-big:$id", 3)

        assertThat(response.status).isEqualTo(409)
        assertThat(response.contentType).startsWith("application/problem+json")
        assertThat(response.json["type"].asText()).isEqualTo("https://ha-demo.dev/problems/insufficient-stock")
        assertThat(response.json["available"].asInt()).isEqualTo(2)
        assertThat(products.find(id, consistent = true)!!.product.stock).isEqualTo(2)
    }

    @Test
    fun `releasing gives the stock back once, however often it is called`() {
        val id = newProduct(stock = 5)
        assertThat(api.reserve(id, "order-r:$id", 4).status).isEqualTo(201)

        val statuses = concurrently(5) { api.delete("/api/v1/products/$id/reservations/order-r:$id").status }

        assertThat(statuses).containsOnly(204)
        assertThat(products.find(id, consistent = true)!!.product.stock).isEqualTo(5)
        assertThat(api.get("/api/v1/products/$id").json["stock"].asInt()).isEqualTo(5)
    }

    @Test
    fun `a released or never-seen reservation id cannot reserve afterwards`() {
        val id = newProduct(stock = 5)

        assertThat(api.delete("/api/v1/products/$id/reservations/order-late:$id").status).isEqualTo(204)
        val late = api.reserve(id, "order-late:$id", 1)

        assertThat(late.status).isEqualTo(409)
        assertThat(late.json["type"].asText()).isEqualTo("https://ha-demo.dev/problems/conflict")
        assertThat(products.find(id, consistent = true)!!.product.stock).isEqualTo(5)
    }

    @Test
    fun `the same reservation id with another quantity is a conflict`() {
        val id = newProduct(stock = 5)
        assertThat(api.reserve(id, "order-q:$id", 1).status).isEqualTo(201)

        val response = api.reserve(id, "order-q:$id", 2)

        assertThat(response.status).isEqualTo(409)
        assertThat(products.find(id, consistent = true)!!.product.stock).isEqualTo(4)
    }

    private fun newProduct(stock: Int): String {
        val id = "t-" + UUID.randomUUID().toString().take(8)
        products.insertIfAbsent(Product(id, "Testartikel", "Nur für Tests", "Testkategorie", 999, "EUR", stock))
        return id
    }

    /** Runs [task] [n] times at once: all callers are released together by one latch. */
    private fun <T> concurrently(n: Int, task: (Int) -> T): List<T> =
        Executors.newVirtualThreadPerTaskExecutor().use { executor ->
            val start = CountDownLatch(1)
            val futures = (0 until n).map { i -> executor.submit<T> { start.await(); task(i) } }
            start.countDown()
            futures.map { it.get() }
        }
}
