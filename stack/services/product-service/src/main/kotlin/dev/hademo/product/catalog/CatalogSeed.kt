package dev.hademo.product.catalog

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.springframework.core.io.ClassPathResource
import org.springframework.stereotype.Component

/** The demo shop's German catalog, shipped as data in `catalog/products.json`. */
@Component
class CatalogSeed(private val json: ObjectMapper) {
    fun products(): List<Product> =
        ClassPathResource("catalog/products.json").inputStream.use { json.readValue<List<Product>>(it) }
}
