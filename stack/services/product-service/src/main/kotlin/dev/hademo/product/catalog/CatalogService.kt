package dev.hademo.product.catalog

import dev.hademo.product.cache.ProductCache
import dev.hademo.product.web.ProductNotFoundException
import org.springframework.stereotype.Service

/** Catalog reads, cache-aside: Redis first, DynamoDB on a miss, then fill the cache. */
@Service
class CatalogService(private val repository: ProductRepository, private val cache: ProductCache) {

    fun product(id: String): Product {
        if (!ProductIds.isWellFormed(id)) throw ProductNotFoundException(id)
        cache.product(id)?.let { return it }
        val stored = repository.find(id) ?: throw ProductNotFoundException(id)
        cache.storeProduct(stored)
        return stored.product
    }

    fun page(category: String?, limit: Int, cursor: String?): ProductPage {
        val afterId = cursor?.let(PageCursor::decode)
        cache.page(category, limit, cursor)?.let { cached -> return ProductPage(products(cached.ids), cached.nextCursor) }
        val (stored, more) = repository.page(category, limit, afterId)
        stored.forEach(cache::storeProduct)
        val items = stored.map { it.product }
        val page = ProductPage(items, if (more) PageCursor.encode(items.last().id) else null)
        cache.storePage(category, limit, cursor, page)
        return page
    }

    /** The products of a cached page, in its order; the few whose entry expired come from DynamoDB. */
    private fun products(ids: List<String>): List<Product> {
        val cached = cache.products(ids)
        return ids.mapNotNull { id ->
            cached[id] ?: repository.find(id)?.also(cache::storeProduct)?.product
        }
    }

    fun categories(): List<CategorySummary> {
        cache.categories()?.let { return it }
        val categories = repository.countByCategory().map { (name, count) -> CategorySummary(name, count) }
        cache.storeCategories(categories)
        return categories
    }
}
