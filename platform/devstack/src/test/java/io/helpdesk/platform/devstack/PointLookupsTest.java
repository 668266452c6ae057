package io.helpdesk.platform.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;

class PointLookupsTest {

    @TempDir
    Path data;

    /** The chat-service's "was this client id stored already?" query, as the driver writes it. */
    @Test
    void theChatsResentMessageLookupReachesItsUniqueIndex() {
        Document query = new Document("$and", List.of(new Document("room", "ticket:1"),
                new Document("senderId", "u-1"), new Document("clientId", "c-1")));
        MemoryUniqueIndex dedupe = new MemoryUniqueIndex("dedupe",
                List.of(new IndexKey("room", true), new IndexKey("senderId", true), new IndexKey("clientId", true)), false);

        assertFalse(dedupe.canHandle(query), "as sent, the conjunction scans the collection");
        assertTrue(dedupe.canHandle(PointLookups.flatten(query)));
        assertEquals(new Document("room", "ticket:1").append("senderId", "u-1").append("clientId", "c-1"),
                PointLookups.flatten(query));
    }

    /** The outbox relay's "this document, if it still has events to publish": the _id index, then the rest. */
    @Test
    void anIdWithMoreConditionsIsLookedUpByItsIdFirst() {
        Document query = PointLookups.flatten(new Document("$and", List.of(new Document("_id", "t-1"),
                new Document("outbox.0", new Document("$exists", true)))));
        MemoryUniqueIndex byId = new MemoryUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);

        assertFalse(byId.canHandle(query));
        assertEquals(new Document("_id", "t-1"), PointLookups.equalitiesOn(query, byId.getKeys()));
        assertTrue(byId.canHandle(PointLookups.equalitiesOn(query, byId.getKeys())));
        assertNull(PointLookups.equalitiesOn(new Document("_id", new Document("$in", List.of("t-1"))), byId.getKeys()));
        assertNull(PointLookups.equalitiesOn(new Document("_id", List.of("t-1")), byId.getKeys()));
        assertNull(PointLookups.equalitiesOn(new Document("_id", null), byId.getKeys()));
        assertNull(PointLookups.equalitiesOn(new Document("room", "r"), byId.getKeys()));
    }

    @Test
    void aConjunctionThatCannotBeOneDocumentStaysAsItIs() {
        Document twice = new Document("$and", List.of(new Document("seq", new Document("$gt", 1)),
                new Document("seq", new Document("$lt", 9))));
        Document sameFieldOutside = new Document("seq", 3).append("$and", List.of(new Document("seq", 4)));
        Document empty = new Document("$and", List.of());
        Document none = new Document("room", "r");

        assertSame(twice, PointLookups.flatten(twice));
        assertSame(sameFieldOutside, PointLookups.flatten(sameFieldOutside));
        assertSame(empty, PointLookups.flatten(empty));
        assertSame(none, PointLookups.flatten(none));
        assertEquals(new Document("a", 1).append("b", 2).append("c", 3), PointLookups.flatten(new Document("$and",
                List.of(new Document("a", 1), new Document("$and", List.of(new Document("b", 2), new Document("c", 3)))))));
    }

    /**
     * Random conjunctions (equalities on the id and on a unique pair, ranges, {@code $in}, {@code $or},
     * {@code $exists}, a field named twice, nested {@code $and}) find the same documents in the devstack's
     * store as in the plain memory backend, which never rewrites a query and scans whenever a query is
     * more than an index's keys.
     */
    @Test
    void everyConjunctionFindsWhatTheUnrewrittenQueryFinds() {
        againstThePlainBackend((reference, store) -> {
            MongoCollection<org.bson.Document> expected = fill(reference);
            MongoCollection<org.bson.Document> actual = fill(store);
            Random random = new Random(20261129);
            for (int i = 0; i < 400; i++) {
                Bson query = randomConjunction(random, 0);
                assertEquals(ids(expected, query), ids(actual, query), () -> "for " + query);
            }
        });
    }

    /**
     * An equality on the first key of a compound unique index (a ticket's newest messages:
     * {@code {ticketId, seq: {$lte}, internal}} on {@code (ticketId, seq)}) is matched against that value's
     * documents only. Random inserts, updates that move documents between values (and to arrays, numbers,
     * nothing), deletes, and queries with sorts and limits find the same documents, in the same order, as
     * the plain memory backend.
     */
    @Test
    void anEqualityOnACompoundIndexsFirstKeyFindsWhatAScanFinds() {
        againstThePlainBackend((reference, store) -> {
            List<MongoCollection<org.bson.Document>> both = List.of(messages(reference), messages(store));
            Random random = new Random(20261130);
            for (int step = 0; step < 1500; step++) {
                int id = random.nextInt(300);
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        org.bson.Document row = new org.bson.Document("_id", "m-" + step).append("ticketId", randomTicket(random))
                                .append("seq", step).append("internal", random.nextBoolean());
                        both.forEach(rows -> rows.insertOne(row));
                    }
                    case 2 -> {
                        Object ticket = randomTicket(random);
                        both.forEach(rows -> rows.updateMany(Filters.eq("seq", id), Updates.set("ticketId", ticket)));
                    }
                    case 3 -> both.forEach(rows -> rows.deleteMany(Filters.eq("seq", id)));
                    default -> {
                        String ticket = "t-" + random.nextInt(8);
                        Bson query = switch (random.nextInt(4)) {
                            case 0 -> Filters.eq("ticketId", ticket);
                            case 1 -> Filters.and(Filters.eq("ticketId", ticket), Filters.lte("seq", random.nextInt(1500)),
                                    Filters.eq("internal", false));
                            case 2 -> Filters.and(Filters.eq("ticketId", ticket), Filters.gt("seq", random.nextInt(1500)));
                            default -> Filters.and(Filters.eq("ticketId", ticket),
                                    Filters.or(Filters.eq("internal", true), Filters.lt("seq", random.nextInt(1500))));
                        };
                        findTheSame(both, query, random.nextBoolean() ? Sorts.descending("seq", "_id") : null, random.nextInt(3) * 10);
                    }
                }
            }
        });
    }

    /**
     * The notification-service's claim of the next due delivery: an {@code $or} whose branches name the
     * states they want ({@code $in} and an equality) on the first key of non-unique compound indexes,
     * taken with {@code findOneAndUpdate} that moves the delivery to another state. Random plans, claims,
     * finishes, deletes (and states that are arrays, numbers, documents, null or missing), and queries with
     * {@code $in} (also of a number and null, which must scan), {@code $or} beside another condition, nested,
     * or with a branch that names no state (which must scan) find and claim the same documents, in the same
     * order, as the plain memory backend.
     */
    @Test
    void anInOrAnOrNamingAnIndexsFirstKeyFindsAndClaimsWhatAScanFinds() {
        againstThePlainBackend((reference, store) -> {
            List<MongoCollection<org.bson.Document>> both = List.of(deliveries(reference), deliveries(store));
            Random random = new Random(20261201);
            List<String> states = List.of("QUEUED", "RETRYING", "SENDING", "SENT", "FAILED");
            for (int step = 0; step < 1500; step++) {
                int at = random.nextInt(100);
                switch (random.nextInt(8)) {
                    case 0, 1 -> {
                        Object state = switch (random.nextInt(10)) {
                            case 0 -> List.of(states.get(random.nextInt(5)), states.get(random.nextInt(5)));
                            case 1 -> random.nextInt(3);
                            case 2 -> null;
                            case 3 -> new org.bson.Document("QUEUED", 1);
                            default -> states.get(random.nextInt(3));
                        };
                        org.bson.Document row = new org.bson.Document("_id", "d-" + step).append("nextAttemptAt", at)
                                .append("leaseUntil", random.nextInt(100));
                        if (random.nextInt(12) > 0) {
                            row.append("status", state);
                        }
                        both.forEach(rows -> rows.insertOne(row));
                    }
                    case 2 -> {
                        Bson due = Filters.or(
                                Filters.and(Filters.in("status", "QUEUED", "RETRYING"), Filters.lte("nextAttemptAt", at)),
                                Filters.and(Filters.eq("status", "SENDING"), Filters.lt("leaseUntil", at)));
                        Bson claim = Updates.combine(Updates.set("status", "SENDING"), Updates.set("leaseUntil", at + 5));
                        List<Object> claimed = both.stream().map(rows -> {
                            org.bson.Document document = rows.findOneAndUpdate(due, claim);
                            return document == null ? null : document.get("_id");
                        }).toList();
                        assertEquals(claimed.get(0), claimed.get(1), "the claim at " + at);
                    }
                    case 3 -> {
                        String state = states.get(3 + random.nextInt(2));
                        both.forEach(rows -> rows.updateMany(Filters.eq("nextAttemptAt", at), Updates.set("status", state)));
                    }
                    case 4 -> both.forEach(rows -> rows.deleteMany(Filters.eq("leaseUntil", at)));
                    default -> {
                        Bson query = switch (random.nextInt(6)) {
                            case 0 -> Filters.in("status", states.get(random.nextInt(5)), states.get(random.nextInt(5)));
                            case 1 -> Filters.and(Filters.in("status", "QUEUED", "SENDING"), Filters.gt("leaseUntil", at));
                            case 2 -> Filters.or(Filters.eq("status", states.get(random.nextInt(5))),
                                    Filters.and(Filters.in("status", "SENT", "FAILED"), Filters.lt("nextAttemptAt", at)));
                            case 3 -> Filters.and(Filters.lt("leaseUntil", at), Filters.or(Filters.eq("status", "SENDING"),
                                    Filters.or(Filters.in("status", "QUEUED"), Filters.eq("status", "FAILED"))));
                            case 4 -> Filters.in("status", "QUEUED", 1, null);
                            default -> Filters.or(Filters.eq("status", "QUEUED"), Filters.lt("nextAttemptAt", at));
                        };
                        findTheSame(both, query, random.nextBoolean() ? Sorts.ascending("nextAttemptAt", "_id") : null,
                                random.nextInt(3) * 10);
                    }
                }
            }
        });
    }

    /**
     * Which conditions on an index's first key are served from its values' positions: a string, an
     * {@code $in} of strings, an {@code $or} (nested too) whose every branch names strings; not a range, a
     * null (which matches a missing field), an {@code $in} holding anything else, or an {@code $or} with a
     * branch that leaves the field open.
     */
    @Test
    void onlyConditionsNamingStringsAreServedFromTheFirstKeysValues() {
        Document in = new Document("$in", List.of("QUEUED", "RETRYING"));
        Document claim = new Document("$or", List.of(
                new Document("$and", List.of(new Document("status", in), new Document("nextAttemptAt", new Document("$lte", 5)))),
                new Document("status", "SENDING").append("leaseUntil", new Document("$lt", 5))));
        List<String> named = new ArrayList<>();
        assertTrue(JournaledMemoryBackend.LeadingKeys.names(claim, "status", named::add));
        assertEquals(List.of("QUEUED", "RETRYING", "SENDING"), named);
        assertTrue(JournaledMemoryBackend.LeadingKeys.names(new Document("status", "SENT"), "status", value -> { }));
        assertTrue(JournaledMemoryBackend.LeadingKeys.names(new Document("status", in).append("x", 1), "status", value -> { }));
        assertTrue(JournaledMemoryBackend.LeadingKeys.names(new Document("x", 1).append("$or", List.of(new Document("status", "A"),
                new Document("$or", List.of(new Document("status", "B"), new Document("status", in))))), "status", value -> { }));

        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", null), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", new Document("$gt", "A")), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", new Document("$in", List.of("A", 1))), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", new Document("$in", java.util.Arrays.asList("A", null))), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", new Document("$in", List.of("A")).append("$ne", "B")), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("status", List.of("A")), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("$or", List.of(new Document("status", "A"),
                new Document("leaseUntil", 3))), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("$or", List.of()), "status", value -> { }));
        assertFalse(JournaledMemoryBackend.LeadingKeys.names(new Document("ticketId", "t-1"), "status", value -> { }));
    }

    /** The reference and the devstack's store find the same documents in the same order (sort optional, limit 0: none). */
    private static void findTheSame(List<MongoCollection<org.bson.Document>> both, Bson query, Bson sort, int limit) {
        List<List<Object>> found = both.stream().<List<Object>>map(rows -> {
            var find = rows.find(query).limit(limit);
            if (sort != null) {
                find = find.sort(sort);
            }
            return find.map(document -> document.get("_id")).into(new ArrayList<>());
        }).toList();
        assertEquals(found.get(0), found.get(1), "for " + query + " sorted by " + sort + " limit " + limit);
    }

    /** Runs the steps against a plain memory backend (the reference: it scans) and the devstack's store. */
    private void againstThePlainBackend(java.util.function.BiConsumer<MongoClient, MongoClient> steps) {
        MongoServer plain = new MongoServer(new MemoryBackend());
        JournaledMemoryBackend journaled = new JournaledMemoryBackend(data.resolve("store.mv"));
        MongoServer devstack = new MongoServer(journaled);
        try (MongoClient reference = MongoClients.create(uri(plain)); MongoClient store = MongoClients.create(uri(devstack))) {
            steps.accept(reference, store);
        } finally {
            devstack.shutdownNow();
            journaled.close();
            plain.shutdownNow();
        }
    }

    private static MongoCollection<org.bson.Document> deliveries(MongoClient client) {
        MongoCollection<org.bson.Document> rows = client.getDatabase("test").getCollection("deliveries");
        rows.createIndex(Indexes.ascending("status", "nextAttemptAt"));
        rows.createIndex(Indexes.ascending("status", "leaseUntil"));
        return rows;
    }

    private static MongoCollection<org.bson.Document> messages(MongoClient client) {
        MongoCollection<org.bson.Document> rows = client.getDatabase("test").getCollection("messages");
        rows.createIndex(Indexes.ascending("ticketId", "seq"), new IndexOptions().unique(true));
        return rows;
    }

    /** Mostly a ticket's id; sometimes an array of ids, a number, null or nothing at all. */
    private static Object randomTicket(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> List.of("t-" + random.nextInt(8), "t-" + random.nextInt(8));
            case 1 -> random.nextInt(8);
            case 2 -> null;
            default -> "t-" + random.nextInt(8);
        };
    }

    private static MongoCollection<org.bson.Document> fill(MongoClient client) {
        MongoCollection<org.bson.Document> rows = client.getDatabase("test").getCollection("rows");
        rows.createIndex(Indexes.ascending("a", "b"), new IndexOptions().unique(true));
        Random random = new Random(7);
        List<org.bson.Document> documents = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                documents.add(new org.bson.Document("_id", a * 10 + b).append("a", a).append("b", b)
                        .append("c", random.nextInt(5)).append("tags", List.of(random.nextInt(3), random.nextInt(3))));
            }
        }
        rows.insertMany(documents);
        return rows;
    }

    private static Bson randomConjunction(Random random, int depth) {
        List<Bson> conditions = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            conditions.add(switch (random.nextInt(depth == 0 ? 9 : 7)) {
                case 0 -> Filters.eq("a", random.nextInt(11));
                case 1 -> Filters.eq("b", random.nextInt(11));
                case 2 -> Filters.gt("c", random.nextInt(5));
                case 3 -> Filters.in("a", random.nextInt(10), random.nextInt(10), random.nextInt(10));
                case 4 -> Filters.eq("tags", random.nextInt(3));
                case 5 -> Filters.eq("_id", random.nextInt(110));
                case 6 -> Filters.exists("tags." + random.nextInt(3), random.nextBoolean());
                case 7 -> Filters.or(Filters.eq("c", random.nextInt(5)), Filters.lt("b", random.nextInt(10)));
                default -> randomConjunction(random, depth + 1);
            });
        }
        return Filters.and(conditions);
    }

    private static List<Object> ids(MongoCollection<org.bson.Document> rows, Bson query) {
        return rows.find(query).sort(Sorts.ascending("_id")).map(document -> document.get("_id")).into(new ArrayList<>());
    }

    private static String uri(MongoServer server) {
        InetSocketAddress address = server.bind();
        return "mongodb://127.0.0.1:" + address.getPort();
    }
}
