package io.helpdesk.system.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The list, search and report routes at one store size, one request at a time (each can take seconds
 * on the devstack's stand-in): the first page of the ticket list as an administrator, the 50th page
 * reached by following {@code next}, a search ({@code q=}), the agent queue (an agent's default
 * list: assigned to them or unassigned, newest first) and the analytics overview uncached (a window
 * no one asked for before, so each request aggregates). Each row is asked once untimed, then
 * {@code --requests} times. Each row is one result line named
 * {@code scale.<row>.<tickets>}, which {@code BenchReport} sets beside the same row at the other size.
 *
 * <p>The deep page: the walk from page 1 follows {@code next} 49 times (timed as a whole, once), then
 * page 50 is asked again with the cursor found, like any other row. The list contract is
 * {@code GET /v1/ticket?size=20[&cursor=…][&q=…]} answering {@code {items, next, total}}.
 *
 * <pre>
 * ScaleQueries --ticket http://localhost:8082 --analytics http://localhost:8083 --admin-token T --agent-token T
 *     --tickets 10000 [--requests 5] [--pages 50] [--q printer]
 * </pre>
 */
public final class ScaleQueries {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Map<String, String> options;
    private final long tickets;
    private final int requests;

    private ScaleQueries(Map<String, String> options) {
        this.options = options;
        this.tickets = Long.parseLong(BenchResults.required(options, "tickets"));
        this.requests = Integer.parseInt(options.getOrDefault("requests", "5"));
    }

    public static void main(String[] args) throws Exception {
        BenchResults.quietLogs();
        new ScaleQueries(BenchResults.options(args)).run();
    }

    private void run() throws Exception {
        String ticket = BenchResults.required(options, "ticket");
        String admin = BenchResults.required(options, "admin-token");
        String agent = BenchResults.required(options, "agent-token");
        String q = URLEncoder.encode(options.getOrDefault("q", TicketSeeder.RARE_WORD), StandardCharsets.UTF_8);
        int pages = Integer.parseInt(options.getOrDefault("pages", "50"));

        timed("list-first", i -> ticket + "/v1/ticket?size=20", admin);
        String deep = walk(ticket + "/v1/ticket?size=20", admin, pages);
        if (deep != null) {
            timed("list-page-" + pages, i -> deep, admin);
        }
        timed("search", i -> ticket + "/v1/ticket?size=20&q=" + q, admin);
        timed("agent-queue", i -> ticket + "/v1/ticket?size=20", agent);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        String from = today.minus(30, ChronoUnit.DAYS).toString();
        // The end moves by a second per request (and per size), so every window is new to the cache.
        long salt = tickets % 3600;
        timed("overview-uncached", i -> BenchResults.required(options, "analytics") + "/v1/analytics/overview?from=" + from
                + "&to=" + today.plus(1, ChronoUnit.DAYS).plusSeconds(salt + i), admin);
    }

    /** Follows {@code next} from the first page to the given one; prints the walk; returns page N's address, or null. */
    private String walk(String first, String token, int pages) throws Exception {
        String url = first;
        long start = System.nanoTime();
        String failure = null;
        int reached = 1;
        for (; reached < pages; reached++) {
            HttpResponse<String> response = get(url, token);
            if (response.statusCode() != 200) {
                failure = "page " + reached + " answered " + response.statusCode();
                break;
            }
            JsonNode next = BenchResults.JSON.readTree(response.body()).path("next");
            if (next.isMissingNode() || next.isNull()) {
                failure = "page " + reached + " has no next cursor";
                break;
            }
            url = first + "&cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tickets", tickets);
        fields.put("pages", reached);
        fields.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (failure != null) {
            fields.put("failure", failure);
        }
        BenchResults.print("scale.walk." + tickets, fields);
        return failure == null ? url : null;
    }

    private void timed(String row, IntFunction<String> url, String token) throws Exception {
        Latencies latencies = new Latencies();
        int failed = 0;
        String failure = null;
        // One untimed request first: the route's code is cold in the service the first time.
        get(url.apply(requests), token);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long before = System.nanoTime();
            HttpResponse<String> response = get(url.apply(i), token);
            long took = System.nanoTime() - before;
            if (response.statusCode() / 100 == 2) {
                latencies.record(took);
            } else {
                failed++;
                failure = failure == null ? response.statusCode() + " " + abbreviate(response.body()) : failure;
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("row", row);
        fields.put("tickets", tickets);
        fields.putAll(latencies.summary((System.nanoTime() - start) / 1e9));
        fields.put("failed", failed);
        if (failure != null) {
            fields.put("failure", failure);
        }
        BenchResults.print("scale." + row + "." + tickets, fields);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
