package dev.hademo.product

import dev.hademo.product.support.IntegrationTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.nio.file.Path

/** What the load balancer, Prometheus and other services rely on (CONVENTIONS.md). */
class OperationsTest : IntegrationTest() {

    @Test
    fun `readiness lists DynamoDB and Redis as UP`() {
        val ready = api.get("/health/ready")

        assertThat(ready.status).isEqualTo(200)
        assertThat(ready.json["status"].asText()).isEqualTo("UP")
        assertThat(ready.json["checks"]["dynamodb"]["status"].asText()).isEqualTo("UP")
        assertThat(ready.json["checks"]["redis"]["status"].asText()).isEqualTo("UP")
        assertThat(api.get("/health/live").json["status"].asText()).isEqualTo("UP")
    }

    @Test
    fun `request latency is a histogram by route template with the shared buckets`() {
        api.get("/api/v1/products/p-0001")
        api.get("/api/v1/products/does-not-exist")
        api.getOutsideContract("/no/such/route")

        val metrics = api.get("/metrics").body.lines()
        val product = metrics.filter {
            it.startsWith("http_server_requests_seconds_bucket{") && "uri=\"/api/v1/products/{id}\"" in it && "status=\"200\"" in it
        }

        assertThat(product.map { it.substringAfter("le=\"").substringBefore('"') })
            .containsExactly("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf")
        assertThat(product.first()).contains("method=\"GET\"", "outcome=\"SUCCESS\"").doesNotContain("error=", "exception=")
        assertThat(metrics).anyMatch { "uri=\"/api/v1/products/{id}\"" in it && "status=\"404\"" in it }
        assertThat(metrics).anyMatch { "uri=\"UNKNOWN\"" in it && "status=\"404\"" in it }
        assertThat(metrics).noneMatch { it.startsWith("http_server_requests") && ("uri=\"/health" in it || "uri=\"/metrics" in it) }
        assertThat(metrics).anyMatch { it.startsWith("service_info{") && "service=\"product-service\"" in it && "language=\"kotlin\"" in it }
        assertThat(metrics).anyMatch { it.startsWith("product_reservations_total{") }
    }

    @Test
    fun `the request id is taken from the caller or created, and echoed`() {
        val given = api.get("/api/v1/products/p-0001", mapOf("X-Request-Id" to "abc-123"))
        val created = api.get("/api/v1/products/p-0001")

        assertThat(given.headers["x-request-id"]).containsExactly("abc-123")
        assertThat(created.headers["x-request-id"]!!.single()).matches("[0-9a-f-]{36}")
    }

    @Test
    fun `the committed OpenAPI document is served as it is`() {
        val served = api.get("/openapi.yaml")

        assertThat(served.status).isEqualTo(200)
        assertThat(served.body).isEqualTo(Files.readString(Path.of("openapi.yaml")))
    }
}
