package io.helpdesk.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.mongodb.client.MongoCollection;

import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The reports, each one aggregation pipeline run by the database (one round trip, {@code $facet}
 * where several figures share a window). Only stages that both MongoDB and the test server run are
 * used: {@code $match $group $sort $limit $facet $bucket $count $sortByCount $project}; periods are
 * precomputed fields of the facts instead of date operators.
 */
@ApplicationScoped
public class Reports {

    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    /** Backlog age buckets, oldest first: label and the age in days it starts at. */
    static final List<Map.Entry<String, Integer>> AGE_BUCKETS = List.of(Map.entry("30d+", 30), Map.entry("7-30d", 7),
            Map.entry("3-7d", 3), Map.entry("1-3d", 1), Map.entry("<1d", 0));

    private final FactRepository facts;
    private final PeopleDirectory people;

    public Reports(FactRepository facts, PeopleDirectory people) {
        this.facts = facts;
        this.people = people;
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "count", "averageSeconds", "medianSeconds" })
    public record Times(long count, @Schema(nullable = true, description = "null when count is 0") Double averageSeconds,
            @Schema(nullable = true, description = "null when count is 0") Double medianSeconds) {
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "key", "count" })
    public record Count(String key, long count) {
    }

    @RegisterForReflection
    /** An agent's row: the id, the name the people directory knows (null when unknown), the figures. */
    @Schema(requiredProperties = { "agentId", "agentName", "resolved", "averageFirstResponseSeconds", "firstResponseBreaches" })
    public record AgentFigure(String agentId, @Schema(nullable = true) String agentName, long resolved,
            @Schema(nullable = true) Double averageFirstResponseSeconds, long firstResponseBreaches) {
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "from", "to", "total", "byStatus", "byPriority", "openedPerDay", "firstResponseByPriority",
            "firstResponseByCategory", "resolutionByPriority", "resolutionByCategory", "slaBreachRate", "slaBreaches",
            "firstResponseBreaches", "firstResponseBreachRate", "backlogAgeing", "topCategories", "topAgents",
            "customersWithOpenTickets" })
    public record Overview(Instant from, Instant to, long total, Map<String, Long> byStatus, Map<String, Long> byPriority,
            List<Count> openedPerDay, Map<String, Times> firstResponseByPriority, Map<String, Times> firstResponseByCategory,
            Map<String, Times> resolutionByPriority, Map<String, Times> resolutionByCategory, double slaBreachRate,
            long slaBreaches, long firstResponseBreaches, double firstResponseBreachRate, Map<String, Long> backlogAgeing, List<Count> topCategories, List<AgentFigure> topAgents,
            long customersWithOpenTickets) {
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "period", "opened", "resolved", "breached", "averageFirstResponseSeconds", "firstResponseBreached" })
    public record TrendPoint(String period, long opened, long resolved, long breached,
            @Schema(nullable = true) Double averageFirstResponseSeconds, long firstResponseBreached) {
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "agentId", "agentName", "from", "to", "assigned", "open", "resolved", "firstResponse",
            "resolution", "slaBreachRate", "slaBreaches", "firstResponseBreaches", "firstResponseBreachRate" })
    public record AgentReport(String agentId, @Schema(nullable = true) String agentName, Instant from, Instant to, long assigned, long open,
            long resolved, Times firstResponse, Times resolution, double slaBreachRate, long slaBreaches,
            long firstResponseBreaches, double firstResponseBreachRate) {
    }

    public Overview overview(Instant from, Instant to, Instant now) {
        Document window = new Document("deleted", false).append("createdAt", new Document("$gte", from).append("$lt", to));
        Document backlog = new Document("deleted", false).append("open", true);
        Map<String, Object> facets = new LinkedHashMap<>();
        facets.put("total", List.of(new Document("$match", window), new Document("$count", "n")));
        facets.put("byStatus", countBy(window, "$status"));
        facets.put("byPriority", countBy(window, "$priority"));
        facets.put("perDay", List.of(new Document("$match", window),
                new Document("$group", new Document("_id", "$createdDay").append("n", new Document("$sum", 1))),
                new Document("$sort", new Document("_id", 1))));
        facets.put("responsePriority", times(window, "firstResponseSeconds", "$priority"));
        facets.put("responseCategory", times(window, "firstResponseSeconds", "$category"));
        facets.put("resolutionPriority", times(window, "resolutionSeconds", "$priority"));
        facets.put("resolutionCategory", times(window, "resolutionSeconds", "$category"));
        facets.put("breached", List.of(new Document("$match", new Document(window).append("slaBreached", true)),
                new Document("$count", "n")));
        facets.put("firstResponseBreached", List.of(new Document("$match", new Document(window)
                .append("firstResponseBreached", true)), new Document("$count", "n")));
        facets.put("firstResponseTargets", firstResponseTargets(window));
        facets.put("ageing", List.of(new Document("$match", backlog), new Document("$bucket", new Document("groupBy", "$createdAt")
                .append("boundaries", ageBoundaries(now)).append("default", "future")
                .append("output", new Document("n", new Document("$sum", 1))))));
        facets.put("topCategories", List.of(new Document("$match", window), new Document("$sortByCount", "$category"),
                new Document("$limit", 5)));
        facets.put("topAgents", List.of(new Document("$match", new Document(window).append("resolved", true)
                .append("assigneeId", new Document("$ne", null))),
                new Document("$group", new Document("_id", "$assigneeId").append("resolved", new Document("$sum", 1))
                        .append("avg", new Document("$avg", "$firstResponseSeconds"))
                        .append("firstResponseBreaches", breaches("$firstResponseBreached"))),
                new Document("$sort", new Document("resolved", -1).append("_id", 1)), new Document("$limit", 5)));
        facets.put("customers", List.of(new Document("$match", backlog), new Document("$group", new Document("_id", "$customerId")),
                new Document("$count", "n")));

        Document result = collection().aggregate(List.of(new Document("$facet", new Document(facets)))).first();
        long total = single(result, "total");
        List<Document> top = result.getList("topAgents", Document.class);
        Map<String, Person> names = people.byIds(top.stream().map(a -> a.getString("_id")).toList());
        List<AgentFigure> agents = new ArrayList<>();
        for (Document agent : top) {
            String id = agent.getString("_id");
            agents.add(new AgentFigure(id, name(names.get(id)), number(agent.get("resolved")), decimal(agent.get("avg")),
                    number(agent.get("firstResponseBreaches"))));
        }
        Map<String, Long> ageing = new LinkedHashMap<>();
        AGE_BUCKETS.forEach(b -> ageing.put(b.getKey(), 0L));
        List<Long> bounds = ageBoundaries(now).stream().map(d -> ((java.util.Date) d).getTime()).toList();
        for (Document bucket : result.getList("ageing", Document.class)) {
            if (bucket.get("_id") instanceof java.util.Date start) {
                int index = bounds.indexOf(start.getTime());
                if (index >= 0 && index < AGE_BUCKETS.size()) {
                    ageing.put(AGE_BUCKETS.get(index).getKey(), number(bucket.get("n")));
                }
            }
        }
        return new Overview(from, to, total, counts(result, "byStatus"), counts(result, "byPriority"),
                list(result, "perDay"), times(result, "responsePriority"), times(result, "responseCategory"),
                times(result, "resolutionPriority"), times(result, "resolutionCategory"),
                rate(single(result, "breached"), total), single(result, "breached"),
                single(result, "firstResponseBreached"),
                rate(single(result, "firstResponseBreached"), single(result, "firstResponseTargets")), ageing,
                list(result, "topCategories"), agents, single(result, "customers"));
    }

    public List<TrendPoint> trends(String interval, Instant from, Instant to) {
        String period = switch (interval) {
            case "week" -> "$createdWeek";
            case "month" -> "$createdMonth";
            default -> "$createdDay";
        };
        Document window = new Document("deleted", false).append("createdAt", new Document("$gte", from).append("$lt", to));
        List<Document> rows = collection().aggregate(List.of(new Document("$match", window),
                new Document("$group", new Document("_id", period).append("opened", new Document("$sum", 1))
                        .append("resolved", new Document("$sum", new Document("$cond", List.of("$resolved", 1, 0))))
                        .append("breached", breaches("$slaBreached"))
                        .append("avg", new Document("$avg", "$firstResponseSeconds"))
                        .append("firstResponseBreached", breaches("$firstResponseBreached"))),
                new Document("$sort", new Document("_id", 1)))).into(new ArrayList<>());
        return rows.stream().map(r -> new TrendPoint(r.getString("_id"), number(r.get("opened")), number(r.get("resolved")),
                number(r.get("breached")), decimal(r.get("avg")), number(r.get("firstResponseBreached")))).toList();
    }

    public AgentReport agent(String agentId, Instant from, Instant to) {
        Document window = new Document("deleted", false).append("assigneeId", agentId)
                .append("createdAt", new Document("$gte", from).append("$lt", to));
        Map<String, Object> facets = new LinkedHashMap<>();
        facets.put("assigned", List.of(new Document("$match", window), new Document("$count", "n")));
        facets.put("open", List.of(new Document("$match", new Document(window).append("open", true)), new Document("$count", "n")));
        facets.put("resolved", List.of(new Document("$match", new Document(window).append("resolved", true)), new Document("$count", "n")));
        facets.put("breached", List.of(new Document("$match", new Document(window).append("slaBreached", true)), new Document("$count", "n")));
        facets.put("firstResponseBreached", List.of(new Document("$match", new Document(window).append("firstResponseBreached", true)),
                new Document("$count", "n")));
        facets.put("firstResponseTargets", firstResponseTargets(window));
        facets.put("response", times(window, "firstResponseSeconds", null));
        facets.put("resolution", times(window, "resolutionSeconds", null));
        Document result = collection().aggregate(List.of(new Document("$facet", new Document(facets)))).first();
        long assigned = single(result, "assigned");
        Times none = new Times(0, null, null);
        long breached = single(result, "breached");
        long firstResponseBreached = single(result, "firstResponseBreached");
        return new AgentReport(agentId, name(people.find(agentId).orElse(null)), from, to, assigned, single(result, "open"),
                single(result, "resolved"), times(result, "response").getOrDefault("all", none),
                times(result, "resolution").getOrDefault("all", none), rate(breached, assigned), breached,
                firstResponseBreached, rate(firstResponseBreached, single(result, "firstResponseTargets")));
    }

    /** The tickets of the window that have a first-response target: what a first-response breach rate divides by. */
    private static List<Document> firstResponseTargets(Document window) {
        return List.of(new Document("$match", new Document(window).append("firstResponseDueAt", new Document("$ne", null))),
                new Document("$count", "n"));
    }

    private static String name(Person person) {
        return person == null ? null : person.name;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** Counts the documents of a group where the boolean field is true. */
    private static Document breaches(String field) {
        return new Document("$sum", new Document("$cond", List.of(field, 1, 0)));
    }

    private MongoCollection<Document> collection() {
        return facts.mongoCollection().withDocumentClass(Document.class);
    }

    private static List<Bson> countBy(Document window, String field) {
        return List.of(new Document("$match", window), new Document("$group", new Document("_id", field)
                .append("n", new Document("$sum", 1))));
    }

    /** Count, average and the sorted values (for the median) of a duration, per group. */
    private static List<Bson> times(Document window, String field, String groupBy) {
        return List.of(new Document("$match", new Document(window).append(field, new Document("$ne", null))),
                new Document("$sort", new Document(field, 1)),
                new Document("$group", new Document("_id", groupBy == null ? "all" : groupBy)
                        .append("n", new Document("$sum", 1)).append("avg", new Document("$avg", "$" + field))
                        .append("values", new Document("$push", "$" + field))));
    }

    private static List<Object> ageBoundaries(Instant now) {
        List<Object> bounds = new ArrayList<>();
        bounds.add(java.util.Date.from(Instant.EPOCH));
        for (int i = 1; i < AGE_BUCKETS.size(); i++) {
            bounds.add(java.util.Date.from(now.minus(Duration.ofDays(AGE_BUCKETS.get(i - 1).getValue()))));
        }
        bounds.add(java.util.Date.from(now.minus(Duration.ofDays(AGE_BUCKETS.get(AGE_BUCKETS.size() - 1).getValue())).plusSeconds(1)));
        return bounds;
    }

    private static Map<String, Times> times(Document result, String facet) {
        Map<String, Times> out = new LinkedHashMap<>();
        for (Document group : result.getList(facet, Document.class)) {
            List<?> values = group.getList("values", Object.class);
            Double median = null;
            if (!values.isEmpty()) {
                int mid = values.size() / 2;
                median = values.size() % 2 == 1 ? number(values.get(mid))
                        : (number(values.get(mid - 1)) + number(values.get(mid))) / 2.0;
            }
            out.put(String.valueOf(group.get("_id")), new Times(number(group.get("n")), decimal(group.get("avg")), median));
        }
        return out;
    }

    private static Map<String, Long> counts(Document result, String facet) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Document group : result.getList(facet, Document.class)) {
            out.put(String.valueOf(group.get("_id")), number(group.get("n")));
        }
        return out;
    }

    private static List<Count> list(Document result, String facet) {
        return result.getList(facet, Document.class).stream()
                .map(d -> new Count(String.valueOf(d.get("_id")), number(d.containsKey("n") ? d.get("n") : d.get("count"))))
                .toList();
    }

    private static long single(Document result, String facet) {
        List<Document> rows = result.getList(facet, Document.class);
        return rows.isEmpty() ? 0 : number(rows.get(0).get("n"));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
