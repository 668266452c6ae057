package io.helpdesk.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import io.helpdesk.notification.delivery.Delivery;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.delivery.DigestItemRepository;
import io.helpdesk.notification.storage.NotificationIndexes;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.index.FilterShapes;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.helpdesk.platform.web.paging.Keyset;

/**
 * Every query the notification-service runs is served by an index declared in {@link NotificationIndexes}:
 * the delivery log with every combination of its filters, on the first page and after a cursor, and its
 * count; the sender's claim; the digest; the directory. The shapes are read off the filters the
 * repositories build ({@link FilterShapes}).
 */
class NotificationIndexCoverageTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void theDeliveryLogWithEveryFilterAtAnyPageItsCountAndTheSendersClaim() {
        List<QueryShape> shapes = new ArrayList<>();
        String cursor = Keyset.encode(DeliveryRepository.NEWEST_FIRST, new Keyset.Position(Date.from(NOW), "d1"));
        for (String status : IndexCoverage.orNone(Arrays.stream(Delivery.Status.values()).map(Enum::name).toList())) {
            for (String userId : IndexCoverage.orNone(List.of("u1"))) {
                for (String template : IndexCoverage.orNone(List.of("ticket-created"))) {
                    Bson filter = DeliveryRepository.listFilter(status, userId, template);
                    String name = "deliveries status=" + status + " user=" + userId + " template=" + template;
                    shapes.addAll(FilterShapes.of(name, filter, DeliveryRepository.NEWEST_FIRST.sort()));
                    shapes.addAll(FilterShapes.of(name + " after a cursor",
                            Keyset.page(filter, DeliveryRepository.NEWEST_FIRST, cursor), DeliveryRepository.NEWEST_FIRST.sort()));
                    shapes.addAll(FilterShapes.of(name + " total", filter, null));
                }
            }
        }
        shapes.addAll(FilterShapes.of("the sender's claim", DeliveryRepository.due(NOW), null));
        IndexCoverage.assertServed(shapes, IndexCoverage.withId(NotificationIndexes.DELIVERIES));
    }

    @Test
    void theDigestAndTheDirectory() {
        List<QueryShape> digest = new ArrayList<>();
        digest.addAll(FilterShapes.of("members with something waiting", DigestItemRepository.waiting(), null));
        digest.addAll(FilterShapes.of("what waits for one member", DigestItemRepository.waitingOf("u1"),
                DigestItemRepository.digestOrder()));
        digest.addAll(FilterShapes.of("listed or removed items", Filters.in("_id", List.of("i1", "i2")), null));
        IndexCoverage.assertServed(digest, IndexCoverage.withId(NotificationIndexes.DIGEST_ITEMS));

        List<QueryShape> directory = new ArrayList<>();
        directory.addAll(FilterShapes.of("active of a role", Filters.and(Filters.eq("role", Roles.AGENT),
                Filters.eq("status", "ACTIVE")), null));
        directory.addAll(FilterShapes.of("the team", Filters.and(Filters.in("role", List.of(Roles.AGENT, Roles.ADMIN)),
                Filters.eq("status", "ACTIVE")), null));
        directory.addAll(FilterShapes.of("the team among some", Filters.and(Filters.in("_id", List.of("u1")),
                Filters.in("role", List.of(Roles.AGENT, Roles.ADMIN)), Filters.eq("status", "ACTIVE")), null));
        directory.addAll(FilterShapes.of("a newer version", Filters.and(Filters.eq("_id", "u1"), Filters.lte("version", 3)), null));
        IndexCoverage.assertServed(directory, IndexCoverage.withId(NotificationIndexes.RECIPIENTS));
    }
}
