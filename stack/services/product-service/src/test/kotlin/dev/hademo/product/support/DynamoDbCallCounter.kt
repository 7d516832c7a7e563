package dev.hademo.product.support

import org.springframework.boot.test.context.TestComponent
import software.amazon.awssdk.core.interceptor.Context
import software.amazon.awssdk.core.interceptor.ExecutionAttributes
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/** Counts the DynamoDB operations the service really sends, by operation name. */
@TestComponent
class DynamoDbCallCounter : ExecutionInterceptor {
    private val calls = ConcurrentHashMap<String, AtomicInteger>()

    override fun beforeExecution(context: Context.BeforeExecution, attributes: ExecutionAttributes) {
        val operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
        calls.computeIfAbsent(operation) { AtomicInteger() }.incrementAndGet()
    }

    fun count(operation: String): Int = calls[operation]?.get() ?: 0

    fun reset() = calls.clear()
}
