package dev.hademo.product.observability

import io.micrometer.common.KeyValue
import io.micrometer.common.KeyValues
import io.micrometer.core.instrument.Meter
import io.micrometer.core.instrument.config.MeterFilter
import io.micrometer.observation.ObservationPredicate
import io.prometheus.metrics.core.metrics.Info
import io.prometheus.metrics.model.registry.PrometheusRegistry
import org.springframework.beans.factory.ObjectProvider
import org.springframework.boot.info.BuildProperties
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention
import org.springframework.http.server.observation.ServerRequestObservationContext
import org.springframework.http.server.observation.ServerRequestObservationConvention

/** Metric names and labels shared by all four services (CONVENTIONS.md, "Metrics"). */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    /** Probes and scrapes would drown the request latency of real traffic. */
    @Bean
    fun skipInfrastructureRequests(): ObservationPredicate = ObservationPredicate { _, context ->
        val path = (context as? ServerRequestObservationContext)?.carrier?.requestURI ?: return@ObservationPredicate true
        path != "/metrics" && !path.startsWith("/health/")
    }

    /** Exactly the shared labels: method, uri (route template or UNKNOWN), status, outcome. */
    @Bean
    fun serverRequestConvention(): ServerRequestObservationConvention = object : DefaultServerRequestObservationConvention() {
        override fun getLowCardinalityKeyValues(context: ServerRequestObservationContext): KeyValues =
            KeyValues.of(method(context), uri(context), status(context), outcome(context))

        override fun uri(context: ServerRequestObservationContext): KeyValue =
            KeyValue.of("uri", context.pathPattern ?: "UNKNOWN")
    }

    /** Micrometer adds an `error` tag to observed timers; the shared scheme has no such label. */
    @Bean
    fun dropErrorTag(): MeterFilter = object : MeterFilter {
        override fun map(id: Meter.Id): Meter.Id =
            if (id.name == "http.server.requests") id.replaceTags(id.tags.filter { it.key != "error" }) else id
    }

    @Bean
    fun serviceInfo(registry: PrometheusRegistry, build: ObjectProvider<BuildProperties>): Info {
        val version = build.ifAvailable?.version ?: "dev"
        return Info.builder()
            .name("service_info")
            .help("Which service and build answers on this instance")
            .labelNames("service", "version", "language")
            .register(registry)
            .apply { addLabelValues(SERVICE_NAME, version, "kotlin") }
    }

    companion object {
        const val SERVICE_NAME = "product-service"
    }
}
