package dev.hademo.product.config

import org.springframework.boot.context.properties.ConfigurationProperties
import java.time.Duration

/** Settings of this service; every value comes from an environment variable (see application.yaml). */
@ConfigurationProperties("product")
data class ServiceProperties(
    val awsRegion: String = "eu-central-1",
    /** Blank means: no override, the SDK resolves the regional AWS endpoint. */
    val dynamodbEndpoint: String = "",
    val tablePrefix: String = "",
    /** Per attempt and per call (with retries). Short, so a stalled store means fast 503s. */
    val dynamodbAttemptTimeout: Duration = Duration.ofSeconds(2),
    val dynamodbCallTimeout: Duration = Duration.ofSeconds(5),
    val cache: CacheSettings = CacheSettings(),
) {
    val productsTable: String get() = "${tablePrefix}products"

    data class CacheSettings(
        val productTtl: Duration = Duration.ofMinutes(5),
        val pageTtl: Duration = Duration.ofSeconds(30),
        val categoriesTtl: Duration = Duration.ofMinutes(5),
    )
}
