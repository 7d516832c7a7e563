package dev.hademo.user.observability;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    /** Probes and scrapes would drown the traffic the dashboards are about. */
    @Bean
    MeterFilter ignoreProbeRequests() {
        return MeterFilter.deny(id -> {
            if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                return false;
            }
            String uri = id.getTag("uri");
            return uri != null && (uri.startsWith("/health/") || uri.equals("/metrics"));
        });
    }

    /** Every service labels unmatched paths {@code UNKNOWN} (Spring's default says NOT_FOUND for 404s). */
    @Bean
    ServerRequestObservationConvention serverRequestObservationConvention() {
        return new DefaultServerRequestObservationConvention(HTTP_SERVER_REQUESTS) {
            @Override
            protected KeyValue uri(ServerRequestObservationContext context) {
                return context.getPathPattern() == null ? KeyValue.of("uri", "UNKNOWN") : super.uri(context);
            }
        };
    }

    @Bean
    MeterBinder serviceInfo(@Value("${spring.application.name}") String service,
                            @Value("${users.version:unknown}") String version) {
        return registry -> Gauge.builder("service.info", () -> 1)
                .description("Constant 1, labelled with what is running")
                .tags("service", service, "version", version, "language", "java")
                .register(registry);
    }
}
