package dev.hademo.product.config

import org.springframework.beans.factory.ObjectProvider
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor
import software.amazon.awssdk.http.apache5.Apache5HttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import java.net.URI
import java.time.Duration

@Configuration(proxyBeanMethods = false)
class DynamoDbConfig {

    @Bean(destroyMethod = "close")
    fun dynamoDbClient(
        properties: ServiceProperties,
        interceptors: ObjectProvider<ExecutionInterceptor>,
    ): DynamoDbClient {
        val builder = DynamoDbClient.builder()
            .region(Region.of(properties.awsRegion))
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(200)
                    .connectionTimeout(Duration.ofSeconds(1)),
            )
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    // Fail fast enough that a stalled store shows up as 503s and a DOWN readiness check
                    // instead of piling up request threads.
                    .apiCallAttemptTimeout(properties.dynamodbAttemptTimeout)
                    .apiCallTimeout(properties.dynamodbCallTimeout)
                    .executionInterceptors(interceptors.orderedStream().toList())
                    .build(),
            )
        // Only an explicit endpoint is overridden, so the same build runs against AWS.
        if (properties.dynamodbEndpoint.isNotBlank()) {
            builder.endpointOverride(URI.create(properties.dynamodbEndpoint))
        }
        return builder.build()
    }
}
