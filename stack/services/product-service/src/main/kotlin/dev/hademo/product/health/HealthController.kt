package dev.hademo.product.health

import com.fasterxml.jackson.annotation.JsonInclude
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.RestController
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** Liveness and readiness in the JSON shape every service of the demo shares. */
@RestController
@RequestMapping("/health")
class HealthController(private val checks: List<DependencyCheck>) {

    @GetMapping("/live")
    fun live(): HealthReport = HealthReport(Status.UP, emptyMap())

    @GetMapping("/ready")
    fun ready(): ResponseEntity<HealthReport> {
        val results = runConcurrently()
        val status = if (results.values.all { it.status == Status.UP }) Status.UP else Status.DOWN
        val httpStatus = if (status == Status.UP) HttpStatus.OK else HttpStatus.SERVICE_UNAVAILABLE
        return ResponseEntity.status(httpStatus).body(HealthReport(status, results))
    }

    /** Checks run side by side with one deadline, so a hung dependency cannot stall the probe. */
    private fun runConcurrently(): Map<String, CheckResult> =
        Executors.newVirtualThreadPerTaskExecutor().use { executor ->
            val futures = checks.associate { check -> check.name to executor.submit<String?> { check.problem() } }
            futures.mapValues { (_, future) ->
                try {
                    future.get(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        ?.let { CheckResult(Status.DOWN, it) } ?: CheckResult(Status.UP)
                } catch (_: TimeoutException) {
                    future.cancel(true)
                    CheckResult(Status.DOWN, "no answer within $CHECK_TIMEOUT_MS ms")
                } catch (e: Exception) {
                    CheckResult(Status.DOWN, (e.cause ?: e).message ?: e.javaClass.simpleName)
                }
            }
        }

    enum class Status { UP, DOWN }

    data class HealthReport(val status: Status, val checks: Map<String, CheckResult>)

    @JsonInclude(JsonInclude.Include.NON_NULL)
    data class CheckResult(val status: Status, val detail: String? = null)

    private companion object {
        const val CHECK_TIMEOUT_MS = 1_500L
    }
}
