package io.helpdesk.system.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/**
 * Fills the ticket store up to a target count, written straight into MongoDB in the shape the
 * services write: each ticket into {@code tickets.tickets} and its projection into
 * {@code analytics.ticket_facts} (as the analytics-service would derive it from the ticket's event).
 * Creating that many through the API would take most of the run at the rate the create benchmark
 * measures; the list and report benchmarks need the volume, not the way it arrived.
 *
 * <p>Tickets are spread over the last 25 days across the given customers. Those with more than two
 * hours of their SLA left are OPEN; the others were answered and closed (one in ten after its due
 * time), so the SLA check finds nothing to mark during the run: no events follow the seeding, and
 * no new fact empties the report cache while it is measured.
 *
 * <pre>
 * TicketSeeder --mongo mongodb://localhost:27017 --target 100000 --customers id:email,id:email --agent &lt;id&gt;
 * </pre>
 */
public final class TicketSeeder {

    private static final String[] PRIORITIES = { "LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT" };
    private static final String[] CATEGORIES = { "billing", "hardware", "access", "network", "other" };
    /** The ticket-service's default time to resolution per priority (TICKETS_SLA_*). */
    private static final Map<String, Duration> SLA = Map.of("URGENT", Duration.ofHours(4), "HIGH", Duration.ofHours(8),
            "NORMAL", Duration.ofDays(1), "LOW", Duration.ofDays(3));
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final int BATCH = 1000;

    private TicketSeeder() {
    }

    public static void main(String[] args) {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        long target = Long.parseLong(BenchResults.required(options, "target"));
        List<String[]> customers = new ArrayList<>();
        for (String customer : BenchResults.required(options, "customers").split(",")) {
            customers.add(customer.split(":", 2));
        }
        String agent = BenchResults.required(options, "agent");
        try (MongoClient client = MongoClients.create(BenchResults.required(options, "mongo"))) {
            MongoCollection<Document> tickets = client.getDatabase("tickets").getCollection("tickets");
            MongoCollection<Document> facts = client.getDatabase("analytics").getCollection("ticket_facts");
            long existing = tickets.countDocuments(Filters.eq("deleted", false));
            long missing = Math.max(0, target - existing);
            long start = System.nanoTime();
            Instant now = Instant.now();
            for (long done = 0; done < missing; done += BATCH) {
                List<Document> ticketBatch = new ArrayList<>();
                List<Document> factBatch = new ArrayList<>();
                for (long i = done; i < Math.min(missing, done + BATCH); i++) {
                    String[] customer = customers.get((int) (i % customers.size()));
                    Document ticket = ticket(now, customer[0], customer[1], agent, i);
                    ticketBatch.add(ticket);
                    factBatch.add(fact(ticket));
                }
                tickets.insertMany(ticketBatch);
                facts.insertMany(factBatch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            BenchResults.print("seed", Map.of("existing", existing, "inserted", missing, "total", existing + missing,
                    "seconds", Math.round(seconds * 10) / 10.0,
                    "perSecond", seconds > 0 ? Math.round(missing / seconds) : 0));
        }
    }

    private static Document ticket(Instant now, String customerId, String customerEmail, String agentId, long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String priority = PRIORITIES[random.nextInt(PRIORITIES.length)];
        Duration sla = SLA.get(priority);
        Instant created = now.minusSeconds(random.nextLong(25L * 24 * 3600));
        Instant due = created.plus(sla);
        String subject = "Seeded ticket " + n + ": the invoice total is wrong";
        List<Document> messages = new ArrayList<>();
        messages.add(message(customerId, "CUSTOMER", "The invoice total does not match the order.", created));
        List<Document> history = new ArrayList<>();
        history.add(change(created, customerId, "CUSTOMER", "created", Map.of(), Map.of("status", "OPEN")));
        Document ticket = new Document("_id", UUID.randomUUID().toString())
                .append("subject", subject)
                .append("priority", priority)
                .append("priorityRank", List.of("LOW", "NORMAL", "HIGH", "URGENT").indexOf(priority))
                .append("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
                .append("tags", List.of("seed"))
                .append("customerId", customerId)
                .append("customerEmail", customerEmail)
                .append("createdAt", Date.from(created))
                .append("slaDueAt", Date.from(due))
                .append("deleted", false)
                .append("outbox", List.of());
        if (due.isAfter(now.plus(Duration.ofHours(2)))) {
            return ticket.append("status", "OPEN").append("assigneeId", null).append("updatedAt", Date.from(created))
                    .append("slaBreached", false).append("version", 1L)
                    .append("messages", messages).append("history", history);
        }
        Instant answered = created.plusSeconds((long) (sla.toSeconds() * random.nextDouble(0.02, 0.3)));
        boolean late = random.nextInt(10) == 0;
        Instant closed = late ? due.plusSeconds(random.nextLong(1, 3600))
                : answered.plusSeconds((long) (Duration.between(answered, due).toSeconds() * random.nextDouble(0.1, 0.9)));
        messages.add(message(agentId, "AGENT", "Corrected; a new invoice is on its way.", answered));
        history.add(change(answered, agentId, "AGENT", "assigned", Map.of(), Map.of("assigneeId", agentId)));
        history.add(change(closed, agentId, "AGENT", "closed", Map.of("status", "PENDING"), Map.of("status", "CLOSED")));
        return ticket.append("status", "CLOSED").append("assigneeId", agentId).append("updatedAt", Date.from(closed))
                .append("firstResponseAt", Date.from(answered)).append("resolvedAt", Date.from(closed))
                .append("closedAt", Date.from(closed)).append("slaBreached", false).append("version", 4L)
                .append("messages", messages).append("history", history);
    }

    /** The projection the analytics-service keeps of a ticket (see its FactRepository). */
    private static Document fact(Document ticket) {
        Instant created = ticket.getDate("createdAt").toInstant();
        var date = created.atZone(ZoneOffset.UTC);
        Date answered = ticket.getDate("firstResponseAt");
        Date resolved = ticket.getDate("resolvedAt");
        Date due = ticket.getDate("slaDueAt");
        String status = ticket.getString("status");
        return new Document("_id", ticket.get("_id"))
                .append("status", status)
                .append("priority", ticket.get("priority"))
                .append("category", ticket.get("category"))
                .append("tags", ticket.get("tags"))
                .append("customerId", ticket.get("customerId"))
                .append("assigneeId", ticket.get("assigneeId"))
                .append("createdAt", ticket.get("createdAt"))
                .append("createdDay", DAY.format(created))
                .append("createdMonth", MONTH.format(created))
                .append("createdWeek", String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                        date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)))
                .append("firstResponseAt", answered)
                .append("resolvedAt", resolved)
                .append("closedAt", ticket.get("closedAt"))
                .append("firstResponseSeconds", answered == null ? null
                        : Duration.between(created, answered.toInstant()).toSeconds())
                .append("resolutionSeconds", resolved == null ? null
                        : Duration.between(created, resolved.toInstant()).toSeconds())
                .append("slaDueAt", due)
                .append("slaBreached", resolved != null && resolved.after(due))
                .append("open", status.equals("OPEN") || status.equals("PENDING"))
                .append("resolved", resolved != null)
                .append("deleted", false)
                .append("version", ticket.get("version"));
    }

    private static Document message(String sender, String role, String text, Instant at) {
        return new Document("messageId", UUID.randomUUID().toString()).append("senderId", sender)
                .append("senderRole", role).append("text", text).append("internal", false).append("at", Date.from(at));
    }

    private static Document change(Instant at, String actor, String role, String action, Map<String, String> from,
            Map<String, String> to) {
        return new Document("at", Date.from(at)).append("actorId", actor).append("actorRole", role)
                .append("action", action).append("from", new Document(from)).append("to", new Document(to));
    }
}
