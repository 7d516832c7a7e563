package dev.hademo.user.observability;

import java.util.Locale;

import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.json.JsonWriter.PairExtractor;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

/**
 * The log line of CONVENTIONS.md: one JSON object with time, level, service, requestId, msg,
 * the event's key-value pairs, and a stack trace folded into the {@code stack} field.
 */
public class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private final JsonWriter<ILoggingEvent> writer;

    public JsonLogFormatter(Environment environment) {
        String service = environment.getProperty("spring.application.name", "user-service");
        PairExtractor<KeyValuePair> keyValues = PairExtractor.of(pair -> pair.key, pair -> pair.value);
        this.writer = JsonWriter.<ILoggingEvent>of(members -> {
            members.add("time", event -> event.getInstant().toString());
            members.add("level", event -> event.getLevel().toString().toLowerCase(Locale.ROOT));
            members.add("service", service);
            members.add("requestId", event -> event.getMDCPropertyMap().get(RequestIdFilter.MDC_KEY)).whenNotNull();
            members.add("logger", ILoggingEvent::getLoggerName);
            members.add("msg", ILoggingEvent::getFormattedMessage);
            members.from(ILoggingEvent::getKeyValuePairs).whenNotEmpty().usingExtractedPairs(Iterable::forEach, keyValues);
            members.add("stack", event -> event.getThrowableProxy() == null
                    ? null
                    : ThrowableProxyUtil.asString(event.getThrowableProxy())).whenNotNull();
        }).withNewLineAtEnd();
    }

    @Override
    public String format(ILoggingEvent event) {
        return writer.writeToString(event);
    }
}
