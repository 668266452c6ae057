package io.helpdesk.platform.web.json;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Date;
import java.util.Locale;
import java.util.function.Function;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every point in time a service writes as JSON (bodies, WebSocket frames, events on the streams) is
 * ISO-8601 in UTC with exactly three fraction digits, trailing zeros kept: {@code 2026-11-29T09:31:41.120Z}.
 * MongoDB keeps milliseconds, so a finer clock reading would otherwise come out one way when it was just
 * made (the answer to a POST) and another when it was read back (a later GET). Reading stays lenient:
 * any ISO-8601 instant is accepted.
 */
@Singleton
public class Timestamps implements ObjectMapperCustomizer {

    /** {@code 2026-11-29T09:31:41.120Z}: UTC, milliseconds, finer digits dropped. */
    public static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

    /** The instant as the API writes it; null stays null. */
    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    /** Applied last, so that Jackson's own java.time serializers, registered before, give way to these. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("helpdesk-timestamps")
                .addSerializer(Instant.class, new Written<>(Instant.class, instant -> instant))
                .addSerializer(OffsetDateTime.class, new Written<>(OffsetDateTime.class, OffsetDateTime::toInstant))
                .addSerializer(ZonedDateTime.class, new Written<>(ZonedDateTime.class, ZonedDateTime::toInstant))
                .addSerializer(Date.class, new Written<>(Date.class, Date::toInstant)));
    }

    static final class Written<T> extends StdSerializer<T> {

        private final transient Function<T, Instant> instant;

        Written(Class<T> type, Function<T, Instant> instant) {
            super(type);
            this.instant = instant;
        }

        @Override
        public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(format(instant.apply(value)));
        }
    }
}
