package dev.hademo.product.web

import org.springframework.http.HttpStatus

/**
 * Failures the API reports on purpose. Each maps to one problem type
 * `https://ha-demo.dev/problems/<slug>` and carries one developer-facing sentence.
 */
sealed class ApiException(
    val status: HttpStatus,
    val slug: String,
    val title: String,
    override val message: String,
    val extensions: Map<String, Any> = emptyMap(),
) : RuntimeException(message)

class ProductNotFoundException(id: String) :
    ApiException(HttpStatus.NOT_FOUND, "not-found", "Product not found", "No product with id '$id' exists.")

class InsufficientStockException(productId: String, requested: Int, available: Int) : ApiException(
    HttpStatus.CONFLICT,
    "insufficient-stock",
    "Insufficient stock",
    "Product '$productId' has $available in stock, fewer than the $requested requested.",
    mapOf("productId" to productId, "requested" to requested, "available" to available),
)

class ReservationConflictException(detail: String) :
    ApiException(HttpStatus.CONFLICT, "conflict", "Reservation conflict", detail)

class InvalidCursorException : ApiException(
    HttpStatus.BAD_REQUEST,
    "validation",
    "Invalid request",
    "The cursor is not one this service issued; pass nextCursor from a previous page unchanged.",
    mapOf("errors" to listOf(FieldError("cursor", "is not a cursor issued by this service"))),
)

class DependencyUnavailableException(dependency: String, detail: String) : ApiException(
    HttpStatus.SERVICE_UNAVAILABLE,
    "dependency-unavailable",
    "Dependency unavailable",
    detail,
    mapOf("dependency" to dependency),
)

data class FieldError(val field: String, val message: String)
