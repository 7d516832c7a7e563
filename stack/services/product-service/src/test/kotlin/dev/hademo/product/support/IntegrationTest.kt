package dev.hademo.product.support

import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.extension.ExtendWith
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.web.server.LocalServerPort
import org.springframework.context.annotation.Import
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource
import java.time.Duration
import java.time.Instant
import java.util.UUID

/**
 * Base of the service tests: the whole application on a random port against the local Redis
 * and moto server, sharing one Spring context across test classes.
 */
@ExtendWith(LocalServersExtension::class)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DynamoDbCallCounter::class)
abstract class IntegrationTest {
    @LocalServerPort
    private var port: Int = 0

    protected lateinit var api: ApiClient

    @BeforeEach
    fun connectAndAwaitReadiness() {
        api = ApiClient("http://127.0.0.1:$port")
        val deadline = Instant.now().plus(Duration.ofSeconds(60))
        while (api.get("/health/ready").status != 200) {
            check(Instant.now().isBefore(deadline)) { "service did not become ready" }
            Thread.sleep(200)
        }
    }

    companion object {
        /** Isolates this run's table and cache keys from any other run against the same servers. */
        val tablePrefix = "test-${UUID.randomUUID().toString().take(8)}-"

        @JvmStatic
        @DynamicPropertySource
        fun localServers(registry: DynamicPropertyRegistry) {
            registry.add("spring.data.redis.url") { LocalServers.redisUrl }
            registry.add("product.dynamodb-endpoint") { LocalServers.dynamoDbEndpoint }
            registry.add("product.table-prefix") { tablePrefix }
            // Shared build machines can be very busy; a slow answer is not what these tests are about.
            registry.add("product.dynamodb-attempt-timeout") { "15s" }
            registry.add("product.dynamodb-call-timeout") { "30s" }
            // The SDK's default credential chain reads JVM system properties, not Spring's environment.
            System.setProperty("aws.accessKeyId", "test")
            System.setProperty("aws.secretAccessKey", "test")
        }
    }
}
