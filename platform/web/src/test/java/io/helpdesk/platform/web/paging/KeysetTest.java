package io.helpdesk.platform.web.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.helpdesk.platform.web.problem.ProblemException;

/** Keyset paging against a MongoDB-wire server: every row once, in order, at any depth, nulls included. */
class KeysetTest {

    private static MongoServer server;
    private static MongoClient client;
    private MongoCollection<Document> rows;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://" + server.bind().getHostString() + ":" + server.getLocalAddress().getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void fill() {
        rows = client.getDatabase("keyset").getCollection("rows");
        rows.drop();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 47; i++) {
            // Ties (every third row shares its time with the next) and missing values (every fifth row).
            Document row = new Document("_id", String.format("r%03d", (i * 37) % 47)).append("n", i);
            if (i % 5 != 0) {
                row.append("at", Date.from(start.plusSeconds(i / 3)));
            }
            documents.add(row);
        }
        rows.insertMany(documents);
    }

    private List<String> all(Keyset.Order order, Bson filter, int size) {
        List<Document> expected = rows.find(filter).sort(order.sort()).into(new ArrayList<>());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            List<Document> fetched = rows.find(Keyset.page(filter, order, cursor)).sort(order.sort()).limit(size + 1)
                    .into(new ArrayList<>());
            Keyset.Slice<Document> slice = Keyset.slice(fetched, size, order, d -> d.get(order.field()), d -> d.get("_id"));
            slice.items().forEach(d -> seen.add(d.getString("_id")));
            cursor = slice.next();
            assertTrue(++pages <= expected.size() + 1, "paging ends");
        } while (cursor != null);
        assertEquals(expected.stream().map(d -> d.getString("_id")).toList(), seen);
        return seen;
    }

    @Test
    void pagingByCursorVisitsEveryRowOnceInTheSortOrderInBothDirectionsWithTiesAndMissingValues() {
        for (int size : new int[] { 1, 4, 10, 47, 100 }) {
            assertEquals(47, all(Keyset.Order.descending("at"), Filters.empty(), size).size());
            assertEquals(47, all(Keyset.Order.ascending("at"), Filters.empty(), size).size());
        }
        assertEquals(23, all(Keyset.Order.descending("n"), Filters.lt("n", 23), 5).size());
    }

    @Test
    void rowsInsertedBeforeTheCursorNeitherRepeatNorShiftTheNextPage() {
        Keyset.Order order = Keyset.Order.descending("n");
        List<Document> first = rows.find(Keyset.page(Filters.empty(), order, null)).sort(order.sort()).limit(11)
                .into(new ArrayList<>());
        Keyset.Slice<Document> page = Keyset.slice(first, 10, order, d -> d.get("n"), d -> d.get("_id"));
        rows.insertOne(new Document("_id", "new").append("n", 1000));
        List<Document> second = rows.find(Keyset.page(Filters.empty(), order, page.next())).sort(order.sort()).limit(10)
                .into(new ArrayList<>());
        assertEquals(36, second.get(0).getInteger("n"));
    }

    @Test
    void theLastPageHasNoNext() {
        Keyset.Slice<String> slice = Keyset.slice(List.of("a", "b"), 2, Keyset.Order.ascending("x"), s -> s, s -> s);
        assertNull(slice.next());
        assertNotNull(Keyset.slice(List.of("a", "b", "c"), 2, Keyset.Order.ascending("x"), s -> s, s -> s).next());
    }

    @Test
    void aCursorOfAnotherSortOrNoCursorAtAllIsA400OnCursor() {
        String cursor = Keyset.encode(Keyset.Order.descending("createdAt"), new Keyset.Position(new Date(0), "t1"));
        assertEquals("t1", Keyset.decode(Keyset.Order.descending("createdAt"), cursor).id());
        for (String bad : new String[] { Keyset.encode(Keyset.Order.ascending("createdAt"), new Keyset.Position(null, "t1")),
                Keyset.encode(Keyset.Order.descending("updatedAt"), new Keyset.Position(null, "t1")), "bm90LWJzb24",
                "AAAA", "x", Base64.getUrlEncoder().withoutPadding().encodeToString(new Document("o", "-createdAt").toJson().getBytes()),
                cursor.substring(0, cursor.length() - 3) }) {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> Keyset.decode(Keyset.Order.descending("createdAt"), bad), bad);
            assertEquals(400, refused.status());
            assertEquals("cursor", refused.errors().get(0).field());
        }
    }
}
