package io.helpdesk.platform.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

class TimestampsTest {

    private static final Pattern MILLIS = Pattern.compile("\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"");

    /** The mapper as Quarkus makes it: Jackson's java.time module, dates as text, then the customizers by priority. */
    private static ObjectMapper quarkusLike() {
        ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        List<ObjectMapperCustomizer> customizers = new java.util.ArrayList<>(List.of(new Timestamps(), new StrictJson()));
        customizers.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
        customizers.forEach(c -> c.customize(mapper));
        return mapper;
    }

    record Attachment(String id, Instant uploadedAt, OffsetDateTime offset, ZonedDateTime zoned, Date legacy, Instant none) {
    }

    @Test
    void everyPointInTimeIsUtcWithExactlyMilliseconds() throws Exception {
        ObjectMapper json = quarkusLike();
        Instant fine = Instant.parse("2026-11-29T09:31:41.120456789Z");
        String written = json.writeValueAsString(new Attachment("a", fine, fine.atOffset(ZoneOffset.ofHours(2)),
                fine.atZone(ZoneId.of("America/New_York")), Date.from(fine), null));
        assertEquals("{\"id\":\"a\",\"uploadedAt\":\"2026-11-29T09:31:41.120Z\",\"offset\":\"2026-11-29T09:31:41.120Z\","
                + "\"zoned\":\"2026-11-29T09:31:41.120Z\",\"legacy\":\"2026-11-29T09:31:41.120Z\",\"none\":null}", written);
        assertEquals("\"2026-11-29T09:31:41.000Z\"", json.writeValueAsString(Instant.parse("2026-11-29T09:31:41Z")));
        assertEquals("{\"at\":\"1970-01-01T00:00:00.000Z\"}", json.writeValueAsString(Map.of("at", Instant.EPOCH)));
    }

    @Test
    void whatWasJustMadeReadsTheSameAsWhatMongoDbGivesBack() throws Exception {
        ObjectMapper json = quarkusLike();
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 10_000; i++) {
            Instant made = Instant.ofEpochSecond(random.nextLong(0, 253402300799L), random.nextInt(1_000_000_000));
            Instant stored = Instant.ofEpochMilli(made.toEpochMilli());
            String written = json.writeValueAsString(made);
            assertTrue(MILLIS.matcher(written).matches(), written);
            assertEquals(json.writeValueAsString(stored), written);
            assertEquals(stored, json.readValue(written, Instant.class));
            assertEquals(written, json.writeValueAsString(made.atOffset(ZoneOffset.ofHoursMinutes(-9, -30))));
            assertEquals(written, json.writeValueAsString(Date.from(made)));
        }
    }

    @Test
    void readingTakesAnyIso8601Instant() throws Exception {
        ObjectMapper json = quarkusLike();
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), json.readValue("\"2026-01-31T00:00:00Z\"", Instant.class));
        assertEquals(Instant.parse("2026-01-31T00:00:00.123456Z"), json.readValue("\"2026-01-31T00:00:00.123456Z\"", Instant.class));
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), json.readValue("\"2026-01-31T01:00:00+01:00\"", Instant.class));
    }

    @Test
    void theFormatIsTheOneTheApiDocuments() {
        assertEquals("2026-11-29T09:31:41.120Z", Timestamps.format(Instant.parse("2026-11-29T09:31:41.1209Z")));
        assertEquals(null, Timestamps.format(null));
    }
}
