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
 * Pages hold product ids only and are filled from the product entries: a stock change updates one
 * entry and every page shows it, so pages never go back to DynamoDB because stock moved (with the
 * demo's steady reservations they otherwise missed two times in three and queried an index each time).
 */
@Component
class ProductCache(
    private val redis: StringRedisTemplate,
    private val json: ObjectMapper,
    private val properties: ServiceProperties,
    meters: MeterRegistry,
) {
    private val keyPrefix = "${properties.tablePrefix}products:v1"
    private val categoriesKey = "$keyPrefix:categories"
    private val counters = CacheCounters(meters)

    fun product(id: String): Product? = read(CacheName.PRODUCT) {
        redis.opsForHash<String, String>().get(productKey(id), JSON_FIELD)?.let { json.readValue<Product>(it) }
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

    /** The cached products of [ids] in one round trip; ids without an entry are missing from the map. */
    fun products(ids: List<String>): Map<String, Product> {
        if (ids.isEmpty()) return emptyMap()
        val found = try {
            // A script, not a pipeline: Lettuce gives each pipeline a connection of its own, opened and closed per page.
            val values: List<String?> = redis.execute(READ_MANY, ids.map(::productKey)).orEmpty()
            ids.zip(values).mapNotNull { (id, value) -> value?.let { id to json.readValue<Product>(it) } }.toMap()
        } catch (e: RuntimeException) {
            log.warn("Cache read failed, reading from DynamoDB: {}", e.message)
            emptyMap()
        }
        counters.count(CacheName.PRODUCT, hits = found.size, misses = ids.size - found.size)
        return found
    }

    fun page(category: String?, limit: Int, cursor: String?): PageIds? = read(CacheName.PAGE) {
        redis.opsForValue().get(pageKey(category, limit, cursor))?.let { json.readValue<PageIds>(it) }
    }

    fun storePage(category: String?, limit: Int, cursor: String?, page: ProductPage) = write {
        val ids = PageIds(page.items.map { it.id }, page.nextCursor)
        redis.opsForValue().set(pageKey(category, limit, cursor), json.writeValueAsString(ids), properties.cache.pageTtl)
    }

    fun categories(): List<CategorySummary>? = read(CacheName.CATEGORIES) {
        redis.opsForValue().get(categoriesKey)?.let { json.readValue<List<CategorySummary>>(it) }
    }

    fun storeCategories(categories: List<CategorySummary>) = write {
        redis.opsForValue().set(categoriesKey, json.writeValueAsString(categories), properties.cache.categoriesTtl)
    }

    /** Called after every stock change with the state read back from DynamoDB. */
    fun stockChanged(current: StoredProduct) = storeProduct(current)

    private fun productKey(id: String) = "$keyPrefix:product:$id"

    private fun pageKey(category: String?, limit: Int, cursor: String?) =
        "$keyPrefix:page-ids:${category.orEmpty()}:$limit:${cursor.orEmpty()}"

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

        fun count(cache: CacheName, hits: Int, misses: Int) {
            counters.getValue(cache).getValue(true).increment(hits.toDouble())
            counters.getValue(cache).getValue(false).increment(misses.toDouble())
        }
    }

    /** A cached page: which products, in order, and the cursor after them. */
    data class PageIds(val ids: List<String>, val nextCursor: String?)

    companion object {
        private const val JSON_FIELD = "json"
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

        @Suppress("UNCHECKED_CAST")
        private val READ_MANY: RedisScript<List<String?>> = RedisScript.of(
            """
            local found = {}
            for i, key in ipairs(KEYS) do found[i] = redis.call('HGET', key, '$JSON_FIELD') end
            return found
            """.trimIndent(),
            List::class.java as Class<List<String?>>,
        )
    }
}
