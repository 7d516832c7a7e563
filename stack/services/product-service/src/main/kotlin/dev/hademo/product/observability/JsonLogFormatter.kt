package dev.hademo.product.observability

import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.classic.spi.ThrowableProxyUtil
import org.springframework.boot.json.JsonWriter
import org.springframework.boot.logging.structured.StructuredLogFormatter
import java.time.Instant

/**
 * One JSON object per line in the shared log shape: time, level, service, requestId, msg, plus
 * logger, key-value pairs and a `stack` field instead of a multi-line stack trace.
 */
class JsonLogFormatter : StructuredLogFormatter<ILoggingEvent> {
    private val writer = JsonWriter.standard<Map<String, Any?>>()

    override fun format(event: ILoggingEvent): String {
        val fields = linkedMapOf<String, Any?>(
            "time" to Instant.ofEpochMilli(event.timeStamp).toString(),
            "level" to event.level.toString(),
            "service" to MetricsConfig.SERVICE_NAME,
        )
        event.mdcPropertyMap["requestId"]?.let { fields["requestId"] = it }
        fields["msg"] = event.formattedMessage
        fields["logger"] = event.loggerName
        event.keyValuePairs?.forEach { pair -> fields[pair.key] = pair.value?.toString() }
        event.throwableProxy?.let { fields["stack"] = ThrowableProxyUtil.asString(it) }
        return writer.writeToString(fields) + "\n"
    }
}
