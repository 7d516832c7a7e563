package dev.hademo.product.cache

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import dev.hademo.product.catalog.CategorySummary
import dev.hademo.product.catalog.Product
import dev.hademo.product.catalog.ProductPage
import dev.hademo.product.catalog.StoredProduct
import dev.hademo.product.config.ServiceProperties
import io.micrometer.core.instrument.Counter
import io.micrometer.core.instrument.MeterRegistry
import org.slf4j.LoggerFactory
import org.springframework.data.redis.core.StringRedisTemplate
import org.springframework.data.redis.core.script.RedisScript
import org.springframework.stereotype.Component

/**
 * Redis side of the cache-aside reads. Every method degrades to "not cached" when Redis fails:
 * the catalog must stay readable from DynamoDB alone.
 *
 * Products are stored with their version and only ever replaced by a newer version, so a slow
 * reader that filled the cache from an older DynamoDB read cannot overwrite a stock change.
 * Pages embed stock too; rather than tracking which pages hold a product, every stock change bumps
 * a generation number that is part of each page key, which retires all cached pages at once.
 */
@Component
class ProductCache(
    private val redis: StringRedisTemplate,
    private val json: ObjectMapper,
    private val properties: ServiceProperties,
    meters: MeterRegistry,
) {
    private val keyPrefix = "${properties.tablePrefix}products:v1"
    private val generationKey = "$keyPrefix:generation"
    private val categoriesKey = "$keyPrefix:categories"
    private val counters = CacheCounters(meters)

    fun product(id: String): Product? = read(CacheName.PRODUCT) {
        redis.opsForHash<String, String>().get(productKey(id), "json")?.let { json.readValue<Product>(it) }
    }

    fun storeProduct(stored: StoredProduct) = write {
        redis.execute(
            STORE_IF_NEWER,
            listOf(productKey(stored.product.id)),
            stored.version.toString(),
            json.writeValueAsString(stored.product),
            properties.cache.productTtl.toMillis().toString(),
        )
    }

    fun page(category: String?, limit: Int, cursor: String?): ProductPage? = read(CacheName.PAGE) {
        redis.opsForValue().get(pageKey(category, limit, cursor))?.let { json.readValue<ProductPage>(it) }
    }

    fun storePage(category: String?, limit: Int, cursor: String?, page: ProductPage) = write {
        redis.opsForValue().set(pageKey(category, limit, cursor), json.writeValueAsString(page), properties.cache.pageTtl)
    }

    fun categories(): List<CategorySummary>? = read(CacheName.CATEGORIES) {
        redis.opsForValue().get(categoriesKey)?.let { json.readValue<List<CategorySummary>>(it) }
    }

    fun storeCategories(categories: List<CategorySummary>) = write {
        redis.opsForValue().set(categoriesKey, json.writeValueAsString(categories), properties.cache.categoriesTtl)
    }

    /** Called after every stock change with the state read back from DynamoDB. */
    fun stockChanged(current: StoredProduct) {
        storeProduct(current)
        write { redis.opsForValue().increment(generationKey) }
    }

    private fun productKey(id: String) = "$keyPrefix:product:$id"

    private fun pageKey(category: String?, limit: Int, cursor: String?): String {
        val generation = redis.opsForValue().get(generationKey) ?: "0"
        return "$keyPrefix:page:$generation:${category.orEmpty()}:$limit:${cursor.orEmpty()}"
    }

    private inline fun <T : Any> read(cache: CacheName, lookup: () -> T?): T? {
        val value = try {
            lookup()
        } catch (e: RuntimeException) {
            log.warn("Cache read failed, reading from DynamoDB: {}", e.message)
            null
        }
        counters.count(cache, hit = value != null)
        return value
    }

    private inline fun write(update: () -> Unit) {
        try {
            update()
        } catch (e: RuntimeException) {
            log.warn("Cache write failed: {}", e.message)
        }
    }

    private enum class CacheName(val label: String) { PRODUCT("product"), PAGE("page"), CATEGORIES("categories") }

    private class CacheCounters(meters: MeterRegistry) {
        private val counters = CacheName.entries.associateWith { cache ->
            listOf(true, false).associateWith { hit ->
                Counter.builder("product.cache.requests")
                    .description("Cache lookups of catalog reads")
                    .tag("cache", cache.label)
                    .tag("result", if (hit) "hit" else "miss")
                    .register(meters)
            }
        }

        fun count(cache: CacheName, hit: Boolean) = counters.getValue(cache).getValue(hit).increment()
    }

    companion object {
        private val log = LoggerFactory.getLogger(ProductCache::class.java)

        private val STORE_IF_NEWER: RedisScript<Long> = RedisScript.of(
            """
            local cached = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
            if tonumber(ARGV[1]) > cached then
              redis.call('HSET', KEYS[1], 'version', ARGV[1], 'json', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """.trimIndent(),
            Long::class.javaObjectType,
        )
    }
}
