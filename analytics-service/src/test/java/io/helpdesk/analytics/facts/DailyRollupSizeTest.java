package io.helpdesk.analytics.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.TicketEvents.TicketSnapshot;

/**
 * A day's roll-up document stays small whatever the number of its tickets: 100,000 tickets of one day,
 * every first-response and resolution time distinct, give a document (the one {@link RollupRepository}
 * writes, as BSON) far under MongoDB's 16 MB, and the buckets' medians are within their precision.
 */
class DailyRollupSizeTest {

    private static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    private static final List<String> CATEGORIES = List.of("Hardware", "Software", "Network", "Billing", "Access");
    private static final long DAY = 24 * 3600;

    @Test
    void aDayOfAHundredThousandTicketsOfDistinctDurationsStaysUnder256KB() {
        Random random = new Random(2026);
        Instant midnight = Instant.parse("2026-03-01T00:00:00Z");
        Set<Long> seen = new HashSet<>();
        Map<String, Long> counters = new TreeMap<>();
        int tickets = 100_000;
        for (int i = 0; i < tickets; i++) {
            Instant created = midnight.plusSeconds(random.nextInt((int) DAY));
            long firstResponse = distinct(random, seen, 1, 7 * DAY); // up to a week
            long resolution = distinct(random, seen, 60, 365 * DAY); // up to a year
            TicketSnapshot ticket = new TicketSnapshot("t" + i, "subject", "RESOLVED", PRIORITIES.get(i % PRIORITIES.size()),
                    CATEGORIES.get(random.nextInt(CATEGORIES.size())), List.of(), "customer-" + i, null, "agent-" + (i % 50), created,
                    created.plusSeconds(resolution), created.plusSeconds(firstResponse), created.plusSeconds(resolution), null,
                    created.plusSeconds(DAY), false, false, 1, created.plusSeconds(3600), random.nextBoolean());
            DailyRollup.contribution(TicketFact.of(ticket)).forEach((path, n) -> counters.merge(path, n, Long::sum));
        }
        assertEquals(tickets, counters.get("total"));
        Document document = RollupRepository.document("2026-03-01", counters);
        int bytes = new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
        System.out.printf("a day's roll-up of %d tickets: %d keys, %d bytes%n", tickets, counters.size(), bytes);
        assertTrue(bytes < 256 * 1024, "a day's roll-up of " + tickets + " tickets is " + bytes + " bytes");
    }

    @Test
    void everyDurationIsWithinOnePercentOfItsBucketsValue() {
        for (long seconds = 1; seconds < 400 * DAY; seconds = seconds < 100_000 ? seconds + 1 : seconds + 997) {
            double value = DailyRollup.bucketValue(DailyRollup.bucket(seconds));
            assertTrue(Math.abs(value - seconds) <= seconds * DailyRollup.BUCKET_PRECISION + 1e-9, seconds + " → " + value);
            assertEquals(-value, DailyRollup.bucketValue(DailyRollup.bucket(-seconds)), 1e-9);
        }
        assertEquals(0.0, DailyRollup.bucketValue(DailyRollup.bucket(0)));
        assertTrue(DailyRollup.BUCKET_PRECISION < 0.01);
        assertEquals(872, Long.parseLong(DailyRollup.bucket(365 * DAY)), "buckets from 1 s to a year");
        assertTrue(Double.isNaN(DailyRollup.bucketValue("x1")));
    }

    private static long distinct(Random random, Set<Long> seen, long min, long max) {
        double logMin = Math.log(min);
        double logMax = Math.log(max);
        while (true) {
            long value = Math.round(Math.exp(logMin + random.nextDouble() * (logMax - logMin)));
            if (seen.add(value)) {
                return value;
            }
        }
    }
}
