package io.helpdesk.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.mongodb.client.MongoCollection;

import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The reports. The overview and the trends add up the daily roll-ups of their window (see
 * {@link WindowCounters}); the open backlog and an agent's report are aggregation pipelines over the
 * facts, each bounded by an index ({@code backlog}, {@code agent}). Only stages that both MongoDB and
 * the test server run are used: {@code $match $group $sort $limit $facet $bucket $count $project}.
 */
@ApplicationScoped
public class Reports {

    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    /** Backlog age buckets, oldest first: label and the age in days it starts at. */
    static final List<Map.Entry<String, Integer>> AGE_BUCKETS = List.of(Map.entry("30d+", 30), Map.entry("7-30d", 7),
            Map.entry("3-7d", 3), Map.entry("1-3d", 1), Map.entry("<1d", 0));

    private final FactRepository facts;
    private final WindowCounters window;
    private final PeopleDirectory people;

    public Reports(FactRepository facts, WindowCounters window, PeopleDirectory people) {
        this.facts = facts;
        this.window = window;
        this.people = people;
    }

    @RegisterForReflection
    @Schema(requiredProperties = { "count", "averageSeconds", "medianSeconds" })
    public record Times(long count, @Schema(nullable = true, description = "null when count is 0") Double averageSeconds,
            @Schema(nullable = true, description = "null when count is 0. In the overview read from the daily roll-ups'"
                    + " logarithmic duration buckets (ratio 1.02): within ±1% of the exact median (exact for"
                    + " one or two durations); exact in an agent's report")
            Double medianSeconds) {
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

    /**
     * The overview: every figure over the window's tickets from the roll-ups ({@link WindowCounters}:
     * one document per whole day, the facts of the part days at the ends); the open backlog (ageing,
     * waiting customers), which is about now and not about the window, from the open facts by the
     * {@code backlog} index.
     */
    public Overview overview(Instant from, Instant to, Instant now) {
        Map<String, Map<String, Long>> days = window.perDay(from, to);
        Map<String, Long> sum = WindowCounters.sum(days);
        long total = sum.getOrDefault("total", 0L);
        long breached = sum.getOrDefault("breached", 0L);
        long firstResponseBreached = sum.getOrDefault("frBreached", 0L);
        List<Count> perDay = new ArrayList<>();
        days.forEach((day, counters) -> {
            long opened = counters.getOrDefault("total", 0L);
            if (opened != 0) {
                perDay.add(new Count(day, opened));
            }
        });
        List<Count> categories = DailyRollup.under(sum, "category.").entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(e -> new Count(e.getKey(), e.getValue())).toList();

        Document backlog = new Document("deleted", false).append("open", true);
        Map<String, Object> facets = new LinkedHashMap<>();
        facets.put("ageing", List.of(new Document("$match", backlog), new Document("$bucket", new Document("groupBy", "$createdAt")
                .append("boundaries", ageBoundaries(now)).append("default", "future")
                .append("output", new Document("n", new Document("$sum", 1))))));
        facets.put("customers", List.of(new Document("$match", backlog), new Document("$group", new Document("_id", "$customerId")),
                new Document("$count", "n")));
        Document result = facet(backlog, facets);
        Map<String, Long> ageing = new LinkedHashMap<>();
        AGE_BUCKETS.forEach(b -> ageing.put(b.getKey(), 0L));
        List<Long> bounds = ageBoundaries(now).stream().map(d -> ((java.util.Date) d).getTime()).toList();
        for (Document bucket : result.getList("ageing", Document.class, List.of())) {
            if (bucket.get("_id") instanceof java.util.Date start) {
                int index = bounds.indexOf(start.getTime());
                if (index >= 0 && index < AGE_BUCKETS.size()) {
                    ageing.put(AGE_BUCKETS.get(index).getKey(), number(bucket.get("n")));
                }
            }
        }
        return new Overview(from, to, total, DailyRollup.under(sum, "status."), DailyRollup.under(sum, "priority."), perDay,
                rolledTimes(sum, "frt.priority."), rolledTimes(sum, "frt.category."), rolledTimes(sum, "res.priority."),
                rolledTimes(sum, "res.category."), rate(breached, total), breached, firstResponseBreached,
                rate(firstResponseBreached, sum.getOrDefault("frTargets", 0L)), ageing, categories, topAgents(sum),
                single(result, "customers"));
    }

    /** The trends from the roll-ups of the window's days, each day's counters added to its day, ISO week or month. */
    public List<TrendPoint> trends(String interval, Instant from, Instant to) {
        Map<String, Map<String, Long>> periods = new TreeMap<>();
        window.perDay(from, to).forEach((day, counters) -> {
            Map<String, Long> period = periods.computeIfAbsent(period(interval, day), p -> new TreeMap<>());
            counters.forEach((path, n) -> period.merge(path, n, Long::sum));
        });
        List<TrendPoint> points = new ArrayList<>();
        periods.forEach((period, counters) -> {
            long opened = counters.getOrDefault("total", 0L);
            if (opened == 0) {
                return;
            }
            long responses = 0;
            long seconds = 0;
            for (String group : DailyRollup.groups(counters, "frt.priority.")) {
                responses += counters.getOrDefault("frt.priority." + group + ".n", 0L);
                seconds += counters.getOrDefault("frt.priority." + group + ".sum", 0L);
            }
            points.add(new TrendPoint(period, opened, counters.getOrDefault("resolved", 0L), counters.getOrDefault("breached", 0L),
                    responses == 0 ? null : (double) seconds / responses, counters.getOrDefault("frBreached", 0L)));
        });
        return points;
    }

    private static String period(String interval, String day) {
        LocalDate date = LocalDate.parse(day);
        return switch (interval) {
            case "week" -> String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "month" -> day.substring(0, 7);
            default -> day;
        };
    }

    /**
     * Count, average and median per group of a rolled-up duration; count and average exact, the median
     * from the group's counts per duration bucket, each standing for its value {@code 1.02^bucket} (within
     * {@link DailyRollup#BUCKET_PRECISION} of the exact median); of one or two durations the exact mean.
     */
    private static Map<String, Times> rolledTimes(Map<String, Long> sum, String prefix) {
        Map<String, Times> out = new LinkedHashMap<>();
        for (String group : DailyRollup.groups(sum, prefix)) {
            String at = prefix + group + ".";
            long n = sum.get(at + "n");
            TreeMap<Double, Long> values = new TreeMap<>();
            sum.forEach((path, count) -> {
                if (path.startsWith(at + "b.") && path.indexOf('.', at.length() + 2) < 0 && count > 0) {
                    double value = DailyRollup.bucketValue(path.substring(at.length() + 2));
                    if (!Double.isNaN(value)) {
                        values.merge(value, count, Long::sum);
                    }
                }
            });
            double average = (double) sum.getOrDefault(at + "sum", 0L) / n;
            // of one or two durations the median is their mean: exact
            out.put(DailyRollup.value(group), new Times(n, average, n <= 2 ? average : median(values, n)));
        }
        return out;
    }

    /** The median of {@code n} values given as value → how many; of an even count, the mean of the two middle ones. */
    static Double median(TreeMap<Double, Long> values, long n) {
        long lower = (n - 1) / 2;
        long upper = n / 2;
        Double low = null;
        Double high = null;
        long seen = 0;
        for (var entry : values.entrySet()) {
            seen += entry.getValue();
            if (low == null && seen > lower) {
                low = entry.getKey();
            }
            if (seen > upper) {
                high = entry.getKey();
                break;
            }
        }
        return low == null || high == null ? null : (low + high) / 2.0;
    }

    /** The 5 agents with most resolved tickets of the window (ties by id). */
    private List<AgentFigure> topAgents(Map<String, Long> sum) {
        Map<String, String> ids = new TreeMap<>();
        sum.forEach((path, n) -> {
            if (path.startsWith("agent.") && path.endsWith(".resolved") && n > 0) {
                String key = path.substring("agent.".length(), path.length() - ".resolved".length());
                ids.put(key, DailyRollup.value(key));
            }
        });
        List<String> top = ids.keySet().stream()
                .sorted(java.util.Comparator.<String>comparingLong(k -> -sum.get("agent." + k + ".resolved"))
                        .thenComparing(ids::get))
                .limit(5).toList();
        Map<String, Person> names = people.byIds(top.stream().map(ids::get).toList());
        List<AgentFigure> agents = new ArrayList<>();
        for (String key : top) {
            String at = "agent." + key + ".";
            long responses = sum.getOrDefault(at + "frtN", 0L);
            String id = ids.get(key);
            agents.add(new AgentFigure(id, name(names.get(id)), sum.get(at + "resolved"),
                    responses == 0 ? null : (double) sum.getOrDefault(at + "frtSum", 0L) / responses,
                    sum.getOrDefault(at + "frBreached", 0L)));
        }
        return agents;
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
        Document result = facet(window, facets);
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

    /**
     * Runs the figures over the documents the first {@code $match} selects: that stage is the one an
     * index serves (the sub-pipelines of a {@code $facet} use none).
     */
    private Document facet(Document match, Map<String, Object> facets) {
        Document result = collection().aggregate(List.of(new Document("$match", match), new Document("$facet", new Document(facets))))
                .first();
        return result == null ? new Document() : result;
    }

    private MongoCollection<Document> collection() {
        return facts.mongoCollection().withDocumentClass(Document.class);
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
        for (Document group : result.getList(facet, Document.class, List.of())) {
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

    private static long single(Document result, String facet) {
        List<Document> rows = result.getList(facet, Document.class, List.of());
        return rows.isEmpty() ? 0 : number(rows.get(0).get("n"));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
