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
        cache.page(category, limit, cursor)?.let { return it }
        val (items, more) = repository.page(category, limit, afterId)
        val page = ProductPage(items, if (more) PageCursor.encode(items.last().id) else null)
        cache.storePage(category, limit, cursor, page)
        return page
    }

    fun categories(): List<CategorySummary> {
        cache.categories()?.let { return it }
        val categories = repository.countByCategory().map { (name, count) -> CategorySummary(name, count) }
        cache.storeCategories(categories)
        return categories
    }
}
