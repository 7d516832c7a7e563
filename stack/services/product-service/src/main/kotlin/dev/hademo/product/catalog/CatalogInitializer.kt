package dev.hademo.product.catalog

import org.slf4j.LoggerFactory
import org.springframework.boot.context.event.ApplicationReadyEvent
import org.springframework.context.event.EventListener
import org.springframework.stereotype.Component
import java.time.Duration
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.math.min

/**
 * Creates the table and seeds the catalog in the background, retrying until DynamoDB answers.
 * The process stays live meanwhile and reports not-ready, so a store that starts late delays
 * traffic instead of crash-looping the service.
 */
@Component
class CatalogInitializer(
    private val table: ProductTable,
    private val repository: ProductRepository,
    private val seed: CatalogSeed,
) {
    private val done = AtomicBoolean(false)

    /** True once the table exists and the catalog is seeded. */
    val initialised: Boolean get() = done.get()

    @EventListener(ApplicationReadyEvent::class)
    fun start() {
        Thread.ofVirtual().name("catalog-initializer").start(::initialiseWithRetry)
    }

    private fun initialiseWithRetry() {
        var delay = Duration.ofMillis(250)
        while (!done.get()) {
            try {
                initialise()
                done.set(true)
            } catch (e: RuntimeException) {
                log.warn("Catalog initialisation failed, retrying in {} ms: {}", delay.toMillis(), e.message)
                Thread.sleep(delay)
                delay = Duration.ofMillis(min(delay.toMillis() * 2, 5_000))
            } catch (_: InterruptedException) {
                return
            }
        }
    }

    private fun initialise() {
        table.createIfMissing()
        if (repository.isEmpty()) {
            // Conditional inserts: replicas seeding at once neither duplicate nor overwrite stock.
            val inserted = seed.products().count(repository::insertIfAbsent)
            log.info("Seeded {} products into {}", inserted, table.name)
        }
        log.info("Catalog ready in table {}", table.name)
    }

    companion object {
        private val log = LoggerFactory.getLogger(CatalogInitializer::class.java)
    }
}
