package dev.hademo.product.health

import dev.hademo.product.catalog.CatalogInitializer
import dev.hademo.product.catalog.ProductTable
import org.springframework.data.redis.connection.RedisConnectionFactory
import org.springframework.stereotype.Component

/** One dependency that readiness depends on. Returns a failure detail, or null when healthy. */
interface DependencyCheck {
    val name: String

    fun problem(): String?
}

@Component
class DynamoDbCheck(private val table: ProductTable, private val initializer: CatalogInitializer) : DependencyCheck {
    override val name = "dynamodb"

    override fun problem(): String? = when {
        !table.exists() -> "table ${table.name} does not exist"
        !initializer.initialised -> "catalog is still being initialised"
        else -> null
    }
}

@Component
class RedisCheck(private val connections: RedisConnectionFactory) : DependencyCheck {
    override val name = "redis"

    override fun problem(): String? = connections.connection.use { connection ->
        connection.ping().takeUnless { it == "PONG" }?.let { "unexpected reply to PING: $it" }
    }
}
