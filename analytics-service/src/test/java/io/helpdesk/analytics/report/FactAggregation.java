package io.helpdesk.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;

import io.helpdesk.analytics.report.Reports.AgentFigure;
import io.helpdesk.analytics.report.Reports.Count;
import io.helpdesk.analytics.report.Reports.Overview;
import io.helpdesk.analytics.report.Reports.Times;
import io.helpdesk.analytics.report.Reports.TrendPoint;

/**
 * The overview and the trends as they were computed before the roll-ups: one aggregation over every
 * fact of the window. The roll-up property test holds the roll-ups to it (agents' names left out).
 */
final class FactAggregation {

    private final MongoCollection<Document> facts;

    FactAggregation(MongoCollection<Document> facts) {
        this.facts = facts;
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
                List<AgentFigure> agents = new ArrayList<>();
        for (Document agent : top) {
            String id = agent.getString("_id");
            agents.add(new AgentFigure(id, null, number(agent.get("resolved")), decimal(agent.get("avg")),
                    number(agent.get("firstResponseBreaches"))));
        }
        Map<String, Long> ageing = new LinkedHashMap<>();
        Reports.AGE_BUCKETS.forEach(b -> ageing.put(b.getKey(), 0L));
        List<Long> bounds = ageBoundaries(now).stream().map(d -> ((java.util.Date) d).getTime()).toList();
        for (Document bucket : result.getList("ageing", Document.class)) {
            if (bucket.get("_id") instanceof java.util.Date start) {
                int index = bounds.indexOf(start.getTime());
                if (index >= 0 && index < Reports.AGE_BUCKETS.size()) {
                    ageing.put(Reports.AGE_BUCKETS.get(index).getKey(), number(bucket.get("n")));
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

    /** The tickets of the window that have a first-response target: what a first-response breach rate divides by. */
    private static List<Document> firstResponseTargets(Document window) {
        return List.of(new Document("$match", new Document(window).append("firstResponseDueAt", new Document("$ne", null))),
                new Document("$count", "n"));
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** Counts the documents of a group where the boolean field is true. */
    private static Document breaches(String field) {
        return new Document("$sum", new Document("$cond", List.of(field, 1, 0)));
    }

    private MongoCollection<Document> collection() {
        return facts;
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
        for (int i = 1; i < Reports.AGE_BUCKETS.size(); i++) {
            bounds.add(java.util.Date.from(now.minus(Duration.ofDays(Reports.AGE_BUCKETS.get(i - 1).getValue()))));
        }
        bounds.add(java.util.Date.from(now.minus(Duration.ofDays(Reports.AGE_BUCKETS.get(Reports.AGE_BUCKETS.size() - 1).getValue())).plusSeconds(1)));
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
