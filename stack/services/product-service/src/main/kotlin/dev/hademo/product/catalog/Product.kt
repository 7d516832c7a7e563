package dev.hademo.product.catalog

/** A product as the API shows it. Prices are integer euro cents, never floating point. */
data class Product(
    val id: String,
    val name: String,
    val description: String,
    val category: String,
    val priceCents: Long,
    val currency: String,
    val stock: Int,
)

/**
 * A product together with its version, which goes up by one with every stock change.
 * The cache uses it to refuse writing an older state over a newer one.
 */
data class StoredProduct(val product: Product, val version: Long)

data class ProductPage(val items: List<Product>, val nextCursor: String?)

data class CategorySummary(val name: String, val productCount: Int)
