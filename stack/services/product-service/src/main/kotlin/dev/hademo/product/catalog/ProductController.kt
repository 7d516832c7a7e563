package dev.hademo.product.catalog

import jakarta.validation.constraints.Max
import jakarta.validation.constraints.Min
import jakarta.validation.constraints.Size
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.RestController

@RestController
@RequestMapping("/api/v1/products")
class ProductController(private val catalog: CatalogService) {

    @GetMapping
    fun list(
        @RequestParam(required = false) @Size(min = 1, max = 100) category: String?,
        @RequestParam(defaultValue = "20") @Min(1) @Max(100) limit: Int,
        @RequestParam(required = false) @Size(min = 1, max = 200) cursor: String?,
    ): ProductPage = catalog.page(category, limit, cursor)

    @GetMapping("/categories")
    fun categories(): Map<String, List<CategorySummary>> = mapOf("items" to catalog.categories())

    @GetMapping("/{id}")
    fun product(@PathVariable id: String): Product = catalog.product(id)
}
