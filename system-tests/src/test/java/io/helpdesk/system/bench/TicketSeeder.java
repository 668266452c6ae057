package io.helpdesk.system.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.analytics.facts.TicketFact;
import io.helpdesk.platform.contracts.TicketEvents.TicketSnapshot;

/**
 * Fills the ticket store up to a target count, written straight into MongoDB in the shape the
 * services write: each ticket (summary fields, message and history counters, bounded search texts; no
 * embedded conversation or history, so the ticket-service's conversation migration leaves it alone)
 * into {@code tickets.tickets}, its messages into {@code tickets.ticket_messages} and its changes into
 * {@code tickets.ticket_history} (rows {@code <ticketId>:<seq>}), its fact into
 * {@code analytics.ticket_facts} and its counters into the day's {@code analytics.daily_rollups}: both
 * by the analytics-service's own code ({@code TicketFact.of} of the ticket's event,
 * {@code DailyRollup.contribution}, {@code RollupRepository.add}), so the overview reads real roll-ups.
 * Creating that many through the API would take most of the run at the rate the create benchmark
 * measures; the list and report benchmarks need the volume, not the way it arrived.
 *
 * <p>Tickets are spread over the last {@code --days} days (25 unless given) across the given
 * customers. Those with more than two hours of their SLA left are OPEN and unassigned; the others
 * were answered and closed by the agent (one in ten after its due time), so the SLA check finds
 * nothing to mark during the run: no events follow the seeding, and no new fact empties the report
 * cache while it is measured. One ticket in a hundred is about a printer ({@link #RARE_WORD}), the
 * word the search benchmark looks for.
 *
 * <pre>
 * TicketSeeder --mongo mongodb://localhost:27017 --target 100000 --customers id:email,id:email --agent &lt;id&gt;
 *     [--messages 3] [--history true] [--days 25]
 * </pre>
 *
 * {@code --messages} (0–3) is how many messages each ticket gets (the customer's question, the reply
 * or a follow-up, an internal note); {@code --history false} leaves {@code ticket_history} out (no
 * benchmark reads it; at a million tickets it is a few million documents in the stand-in's memory).
 * Everything the analytics-service keeps per ticket comes from {@link #fact}, the fact it would
 * project from the ticket's event; the roll-ups of their days are added after the facts, every
 * {@value #ROLLUP_BATCHES} batches of {@value #BATCH} and at the end.
 */
public final class TicketSeeder {

    /** The word one ticket in a hundred has in its subject and first message. */
    public static final String RARE_WORD = "printer";
    private static final String[] PRIORITIES = { "LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT" };
    private static final String[] CATEGORIES = { "billing", "hardware", "access", "network", "other" };
    /** The ticket-service's default time to resolution per priority (TICKETS_SLA_*). */
    private static final Map<String, Duration> SLA = Map.of("URGENT", Duration.ofHours(4), "HIGH", Duration.ofHours(8),
            "NORMAL", Duration.ofDays(1), "LOW", Duration.ofDays(3));
    /** The ticket-service's default first-response target per priority. */
    private static final Map<String, Duration> FIRST_RESPONSE = Map.of("URGENT", Duration.ofHours(1), "HIGH",
            Duration.ofHours(2), "NORMAL", Duration.ofHours(8), "LOW", Duration.ofDays(1));
    /** Facts encoded as the analytics-service stores them (its public fields, {@code id} as {@code _id}). */
    private static final CodecRegistry FACTS = CodecRegistries.fromRegistries(MongoClientSettings.getDefaultCodecRegistry(),
            CodecRegistries.fromProviders(PojoCodecProvider.builder().automatic(true).build()));
    /** The ticket-service bounds the search texts; the seeded ones stay far below. */
    private static final int SEARCH_TEXT_LIMIT = 16_000;
    private static final int BATCH = 1000;
    /** The roll-ups are added every this many batches (one {@code $inc} per day then), not per batch. */
    private static final int ROLLUP_BATCHES = 20;

    private TicketSeeder() {
    }

    /** What to seed: who the tickets belong to, and how much of each ticket. */
    record Options(long target, List<String[]> customers, String agent, int messages, boolean history, int days) {

        static Options from(Map<String, String> options) {
            List<String[]> customers = new ArrayList<>();
            for (String customer : BenchResults.required(options, "customers").split(",")) {
                customers.add(customer.split(":", 2));
            }
            int messages = Integer.parseInt(options.getOrDefault("messages", "3"));
            if (messages < 0 || messages > 3) {
                throw new IllegalArgumentException("--messages is 0 to 3");
            }
            return new Options(Long.parseLong(BenchResults.required(options, "target")), customers,
                    BenchResults.required(options, "agent"), messages,
                    Boolean.parseBoolean(options.getOrDefault("history", "true")),
                    Integer.parseInt(options.getOrDefault("days", "25")));
        }
    }

    /** One ticket as the services store it: the document, its rows in the side collections, its analytics fact. */
    record Seeded(Document ticket, List<Document> messages, List<Document> history, TicketFact fact) {
    }

    public static void main(String[] args) {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        Options seed = Options.from(options);
        try (MongoClient client = MongoClients.create(BenchResults.required(options, "mongo"))) {
            MongoCollection<Document> tickets = client.getDatabase("tickets").getCollection("tickets");
            long existing = tickets.countDocuments(Filters.eq("deleted", false));
            long missing = Math.max(0, seed.target() - existing);
            long start = System.nanoTime();
            long documents = seed(client, seed, existing, missing);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("existing", existing);
            fields.put("inserted", missing);
            fields.put("total", existing + missing);
            fields.put("documents", documents);
            fields.put("messagesPerTicket", seed.messages());
            fields.put("seconds", Math.round(seconds * 10) / 10.0);
            fields.put("perSecond", seconds > 0 ? Math.round(missing / seconds) : 0);
            BenchResults.print(options.getOrDefault("name", "seed"), fields);
        }
    }

    /** Inserts {@code count} tickets numbered from {@code first}; returns how many documents were written in all. */
    static long seed(MongoClient client, Options options, long first, long count) {
        MongoDatabase ticketsDb = client.getDatabase("tickets");
        MongoCollection<Document> tickets = ticketsDb.getCollection("tickets");
        MongoCollection<Document> messages = ticketsDb.getCollection("ticket_messages");
        MongoCollection<Document> history = ticketsDb.getCollection("ticket_history");
        MongoCollection<Document> facts = client.getDatabase("analytics").getCollection("ticket_facts");
        RollupRepository rollups = new RollupRepository(client, "analytics");
        Instant now = Instant.now();
        long documents = 0;
        Map<String, Map<String, Long>> days = new TreeMap<>();
        for (long done = 0; done < count; done += BATCH) {
            List<Document> ticketBatch = new ArrayList<>();
            List<Document> messageBatch = new ArrayList<>();
            List<Document> historyBatch = new ArrayList<>();
            List<Document> factBatch = new ArrayList<>();
            for (long i = done; i < Math.min(count, done + BATCH); i++) {
                long n = first + i;
                String[] customer = options.customers().get((int) (n % options.customers().size()));
                Seeded seeded = ticket(now, customer[0], customer[1], options, n);
                ticketBatch.add(seeded.ticket());
                messageBatch.addAll(seeded.messages());
                if (options.history()) {
                    historyBatch.addAll(seeded.history());
                }
                factBatch.add(document(seeded.fact()));
                Map<String, Long> day = days.computeIfAbsent(seeded.fact().createdDay, d -> new TreeMap<>());
                DailyRollup.contribution(seeded.fact()).forEach((path, c) -> day.merge(path, c, Long::sum));
            }
            tickets.insertMany(ticketBatch);
            documents += ticketBatch.size();
            if (!messageBatch.isEmpty()) {
                messages.insertMany(messageBatch);
                documents += messageBatch.size();
            }
            if (!historyBatch.isEmpty()) {
                history.insertMany(historyBatch);
                documents += historyBatch.size();
            }
            facts.insertMany(factBatch);
            documents += factBatch.size();
            if ((done / BATCH + 1) % ROLLUP_BATCHES == 0 || done + BATCH >= count) {
                // after their facts: a run stopped in between leaves facts that a rebuild rolls up
                Map<String, String> generations = rollups.generations(days.keySet()); // a store a rebuild went through has them
                days.forEach((day, counters) -> rollups.add(day, counters, generations.get(day)));
                days.clear();
            }

        }
        return documents;
    }

    static Seeded ticket(Instant now, String customerId, String customerEmail, Options options, long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = UUID.randomUUID().toString();
        String priority = PRIORITIES[random.nextInt(PRIORITIES.length)];
        Duration sla = SLA.get(priority);
        Instant created = now.minusSeconds(random.nextLong((long) options.days() * 24 * 3600));
        Instant due = created.plus(sla);
        boolean rare = n % 100 == 0;
        String subject = rare ? "Seeded ticket " + n + ": the " + RARE_WORD + " on floor 3 jams"
                : "Seeded ticket " + n + ": the invoice total is wrong";
        String agentId = options.agent();
        boolean open = due.isAfter(now.plus(Duration.ofHours(2)));
        Instant answered = created.plusSeconds((long) (sla.toSeconds() * random.nextDouble(0.02, 0.3)));
        boolean late = random.nextInt(10) == 0;
        Instant closed = late ? due.plusSeconds(random.nextLong(1, 3600))
                : answered.plusSeconds((long) (Duration.between(answered, due).toSeconds() * random.nextDouble(0.1, 0.9)));

        List<Document> messages = new ArrayList<>();
        String question = rare ? "The " + RARE_WORD + " jams on every second page." : "The invoice total does not match the order.";
        if (options.messages() >= 1) {
            messages.add(message(id, 1, customerId, "CUSTOMER", question, false, created));
        }
        if (options.messages() >= 2) {
            messages.add(open ? message(id, 2, customerId, "CUSTOMER", "Any news on this?", false, created.plusSeconds(600))
                    : message(id, 2, agentId, "AGENT", "Corrected; a new invoice is on its way.", false, answered));
        }
        if (options.messages() >= 3) {
            messages.add(message(id, 3, agentId, "AGENT", "Checked the billing run for this customer.", true,
                    open ? created.plusSeconds(900) : answered.plusSeconds(60)));
        }
        StringBuilder searchText = new StringBuilder();
        StringBuilder internalText = new StringBuilder();
        for (Document message : messages) {
            StringBuilder text = message.getBoolean("internal") ? internalText : searchText;
            text.append(text.isEmpty() ? "" : "\n").append(message.getString("text"));
        }
        int publicCount = (int) messages.stream().filter(m -> !m.getBoolean("internal")).count();

        List<Document> history = new ArrayList<>();
        history.add(change(id, 1, created, customerId, "CUSTOMER", "created", Map.of(), Map.of("status", "OPEN")));
        Document ticket = new Document("_id", id)
                .append("subject", subject)
                .append("priority", priority)
                .append("priorityRank", List.of("LOW", "NORMAL", "HIGH", "URGENT").indexOf(priority))
                .append("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
                .append("tags", List.of("seed"))
                .append("customerId", customerId)
                .append("customerEmail", customerEmail)
                .append("createdAt", Date.from(created))
                .append("slaDueAt", Date.from(due))
                .append("firstResponseDueAt", Date.from(created.plus(FIRST_RESPONSE.get(priority))))
                .append("slaPausedMillis", 0L)
                .append("deleted", false)
                .append("messageCount", messages.size())
                .append("publicMessageCount", publicCount)
                .append("searchText", bounded(searchText))
                .append("internalText", bounded(internalText))
                .append("outbox", List.of())
                .append("pendingMessages", List.of())
                .append("pendingChanges", List.of());
        if (open) {
            ticket.append("status", "OPEN").append("assigneeId", null).append("updatedAt", Date.from(created))
                    .append("slaBreached", false).append("firstResponseBreached", false).append("version", 1L);
        } else {
            history.add(change(id, 2, answered, agentId, "AGENT", "assigned", Map.of(), Map.of("assigneeId", agentId)));
            history.add(change(id, 3, closed, agentId, "AGENT", "closed", Map.of("status", "PENDING"), Map.of("status", "CLOSED")));
            ticket.append("status", "CLOSED").append("assigneeId", agentId).append("assignedAt", Date.from(answered))
                    .append("updatedAt", Date.from(closed))
                    .append("firstResponseAt", Date.from(answered)).append("resolvedAt", Date.from(closed))
                    .append("closedAt", Date.from(closed)).append("slaPausedAt", Date.from(closed))
                    .append("slaBreached", false).append("firstResponseBreached", false).append("version", 4L);
        }
        // without --history its rows are left out, and so the count says none (the next change is seq 1)
        ticket.append("historyCount", options.history() ? history.size() : 0);
        return new Seeded(ticket, messages, history, fact(ticket));
    }

    /** The fact the analytics-service projects from the ticket's event (its own {@code TicketFact.of}). */
    static TicketFact fact(Document ticket) {
        return TicketFact.of(new TicketSnapshot(ticket.getString("_id"), ticket.getString("subject"), ticket.getString("status"),
                ticket.getString("priority"), ticket.getString("category"), ticket.getList("tags", String.class),
                ticket.getString("customerId"), ticket.getString("customerEmail"), ticket.getString("assigneeId"),
                instant(ticket, "createdAt"), instant(ticket, "updatedAt"), instant(ticket, "firstResponseAt"),
                instant(ticket, "resolvedAt"), instant(ticket, "closedAt"), instant(ticket, "slaDueAt"),
                ticket.getBoolean("slaBreached"), ticket.getBoolean("deleted"), ticket.getLong("version"),
                instant(ticket, "firstResponseDueAt"), ticket.getBoolean("firstResponseBreached")));
    }

    /** A fact as the document the analytics-service stores. */
    static Document document(TicketFact fact) {
        BsonDocument bson = new BsonDocument();
        FACTS.get(TicketFact.class).encode(new BsonDocumentWriter(bson), fact, EncoderContext.builder().build());
        return FACTS.get(Document.class).decode(bson.asBsonReader(), DecoderContext.builder().build());
    }

    /** A stored fact as the analytics-service reads it. */
    static TicketFact fact(BsonDocument stored) {
        return FACTS.get(TicketFact.class).decode(stored.asBsonReader(), DecoderContext.builder().build());
    }

    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static String bounded(StringBuilder text) {
        return text.length() > SEARCH_TEXT_LIMIT ? text.substring(0, SEARCH_TEXT_LIMIT) : text.toString();
    }

    private static Document message(String ticketId, int seq, String sender, String role, String text, boolean internal,
            Instant at) {
        Document row = new Document("_id", ticketId + ":" + seq).append("ticketId", ticketId).append("seq", seq)
                .append("messageId", UUID.randomUUID().toString()).append("senderId", sender)
                .append("senderRole", role).append("text", text).append("internal", internal).append("at", Date.from(at));
        // A public row's place among the public messages (what customers page by): the seeded public
        // messages come before the internal note, so it is its seq.
        return internal ? row : row.append("publicSeq", seq);
    }

    private static Document change(String ticketId, int seq, Instant at, String actor, String role, String action,
            Map<String, String> from, Map<String, String> to) {
        return new Document("_id", ticketId + ":" + seq).append("ticketId", ticketId).append("seq", seq)
                .append("at", Date.from(at)).append("actorId", actor).append("actorRole", role)
                .append("action", action).append("from", new Document(from)).append("to", new Document(to));
    }
}
