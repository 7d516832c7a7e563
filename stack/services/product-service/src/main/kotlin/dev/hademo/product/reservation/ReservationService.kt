package dev.hademo.product.reservation

import dev.hademo.product.cache.ProductCache
import dev.hademo.product.catalog.ProductIds
import dev.hademo.product.catalog.ProductRepository
import dev.hademo.product.catalog.StoredProduct
import dev.hademo.product.reservation.ReservationRepository.Attempt
import dev.hademo.product.web.DependencyUnavailableException
import dev.hademo.product.web.InsufficientStockException
import dev.hademo.product.web.ProductNotFoundException
import dev.hademo.product.web.ReservationConflictException
import io.micrometer.core.instrument.Counter
import io.micrometer.core.instrument.MeterRegistry
import org.springframework.stereotype.Service
import java.util.concurrent.ThreadLocalRandom

/** Stock reservations for checkout, idempotent per reservation id, with release as compensation. */
@Service
class ReservationService(
    private val reservations: ReservationRepository,
    private val products: ProductRepository,
    private val cache: ProductCache,
    meters: MeterRegistry,
) {
    private val outcomes = Outcome.entries.associateWith { outcome ->
        Counter.builder("product.reservations")
            .description("Stock reservation requests by outcome")
            .tag("outcome", outcome.label)
            .register(meters)
    }

    data class Result(val reservation: ReservationResponse, val created: Boolean)

    fun reserve(productId: String, reservationId: String, quantity: Int): Result {
        if (!ProductIds.isWellFormed(productId)) throw ProductNotFoundException(productId)
        repeat(MAX_ATTEMPTS) {
            when (reservations.reserve(productId, reservationId, quantity)) {
                Attempt.COMMITTED -> {
                    val current = stockChanged(productId)
                    count(Outcome.RESERVED)
                    return Result(ReservationResponse(reservationId, productId, quantity, current.product.stock), created = true)
                }
                Attempt.CONDITION_FAILED -> explainRefusal(productId, reservationId, quantity)?.let { return it }
                Attempt.CONFLICT -> backOff()
            }
        }
        throw busy()
    }

    /** Releases a reservation; releasing twice, or one that never arrived, is a no-op. */
    fun release(productId: String, reservationId: String) {
        if (!ProductIds.isWellFormed(productId)) throw ProductNotFoundException(productId)
        repeat(MAX_ATTEMPTS) {
            val reservation = reservations.find(productId, reservationId)
            when {
                reservation == null -> {
                    products.find(productId, consistent = true) ?: throw ProductNotFoundException(productId)
                    if (reservations.recordReleaseOfUnknown(productId, reservationId)) return
                }
                reservation.status == ReservationStatus.RELEASED -> return
                reservations.release(reservation) == Attempt.COMMITTED -> {
                    stockChanged(productId)
                    count(Outcome.RELEASED)
                    return
                }
                else -> backOff()
            }
        }
        throw busy()
    }

    /**
     * Works out why a reservation was refused, from a consistent read of the current state.
     * Returns null when nothing explains it any more (stock came back meanwhile): try again.
     */
    private fun explainRefusal(productId: String, reservationId: String, quantity: Int): Result? {
        reservations.find(productId, reservationId)?.let { return replay(it, quantity) }
        val product = products.find(productId, consistent = true) ?: throw ProductNotFoundException(productId)
        if (product.product.stock < quantity) {
            count(Outcome.INSUFFICIENT_STOCK)
            throw InsufficientStockException(productId, quantity, product.product.stock)
        }
        return null
    }

    private fun replay(existing: Reservation, quantity: Int): Result {
        if (existing.status == ReservationStatus.RELEASED) {
            throw ReservationConflictException(
                "Reservation '${existing.reservationId}' was already released; use a new reservation id.",
            )
        }
        if (existing.quantity != quantity) {
            throw ReservationConflictException(
                "Reservation '${existing.reservationId}' already holds quantity ${existing.quantity}, not $quantity.",
            )
        }
        count(Outcome.DUPLICATE)
        val stock = products.find(existing.productId, consistent = true)?.product?.stock ?: 0
        return Result(ReservationResponse(existing.reservationId, existing.productId, existing.quantity, stock), created = false)
    }

    private fun stockChanged(productId: String): StoredProduct {
        val current = products.find(productId, consistent = true) ?: throw ProductNotFoundException(productId)
        cache.stockChanged(current)
        return current
    }

    private fun count(outcome: Outcome) = outcomes.getValue(outcome).increment()

    private fun backOff() = Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25))

    private fun busy() = DependencyUnavailableException(
        "dynamodb",
        "The stock of this product is under heavy contention; retry shortly.",
    )

    private enum class Outcome(val label: String) {
        RESERVED("reserved"),
        DUPLICATE("duplicate"),
        INSUFFICIENT_STOCK("insufficient_stock"),
        RELEASED("released"),
    }

    private companion object {
        const val MAX_ATTEMPTS = 5
    }
}
