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
 * <p>The deep page: page 50 of twenty starts after the first 980 tickets, whose cursor the walk finds by
 * following {@code next} from the first page in pages as large as divide 980 evenly (ten of 98: on the
 * stand-in every page costs a scan, whatever its size); the walk is timed as a whole, once, then page 50
 * is asked with that cursor and {@code size=20}, like any other row. The list contract is
 * {@code GET /v1/ticket?size=N[&cursor=…][&q=…]} answering {@code {items, next, total}}.
 *
 * <p>It signs in (the login route of the auth-service) before each row, so no access token runs out
 * during a long row at a large store.
 *
 * <pre>
 * ScaleQueries --auth http://localhost:8081 --ticket http://localhost:8082 --analytics http://localhost:8083
 *     --admin email:password --agent email:password --tickets 10000 [--requests 5] [--pages 50] [--q printer]
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
        String admin = BenchResults.required(options, "admin");
        String agent = BenchResults.required(options, "agent");
        String q = URLEncoder.encode(options.getOrDefault("q", TicketSeeder.RARE_WORD), StandardCharsets.UTF_8);
        int pages = Integer.parseInt(options.getOrDefault("pages", "50"));

        timed("list-first", i -> ticket + "/v1/ticket?size=20", admin);
        String deep = walk(ticket + "/v1/ticket", signIn(admin), (pages - 1) * 20);
        if (deep != null) {
            timed("list-page-" + pages, i -> ticket + "/v1/ticket?size=20&cursor=" + deep, admin);
        }
        timed("search", i -> ticket + "/v1/ticket?size=20&q=" + q, admin);
        timed("agent-queue", i -> ticket + "/v1/ticket?size=20", agent);
        String overview = BenchResults.required(options, "analytics") + "/v1/analytics/overview";
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        String from = today.minus(30, ChronoUnit.DAYS).toString();
        // Every window is new to the cache (the store is filled behind the services' back, so nothing drops
        // it): the end moves by a second per request, and by more per size.
        long salt = tickets % 86_399;
        timed("overview-uncached", i -> overview + "?from=" + from + "&to=" + today.plus(1, ChronoUnit.DAYS).plusSeconds(salt + i), admin);
    }

    /**
     * Follows {@code next} from the first page past {@code skip} tickets, in the largest pages (at most 100)
     * that divide it evenly; prints the walk; returns the cursor after them (URL-encoded), or null.
     */
    private String walk(String list, String token, int skip) throws Exception {
        int size = 100;
        while (skip % size != 0) {
            size--;
        }
        long start = System.nanoTime();
        String failure = null;
        String cursor = null;
        int read = 0;
        int pages = 0;
        while (read < skip) {
            HttpResponse<String> response = get(list + "?size=" + size + (cursor == null ? "" : "&cursor=" + cursor), token);
            pages++;
            if (response.statusCode() != 200) {
                failure = "page " + pages + " answered " + response.statusCode();
                break;
            }
            JsonNode next = BenchResults.JSON.readTree(response.body()).path("next");
            if (next.isMissingNode() || next.isNull()) {
                failure = "page " + pages + " has no next cursor";
                break;
            }
            cursor = URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
            read += size;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tickets", tickets);
        fields.put("skipped", read);
        fields.put("pages", pages);
        fields.put("pageSize", size);
        fields.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (failure != null) {
            fields.put("failure", failure);
        }
        BenchResults.print("scale.walk." + tickets, fields);
        return failure == null ? cursor : null;
    }

    /** An access token of the account {@code email:password}, fresh from the login route. */
    private String signIn(String account) throws Exception {
        int colon = account.indexOf(':');
        String body = BenchResults.JSON.writeValueAsString(Map.of("email", account.substring(0, colon), "password", account.substring(colon + 1)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(BenchResults.required(options, "auth") + "/v1/user/login"))
                .timeout(Duration.ofMinutes(1)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("signing in as " + account.substring(0, colon) + " answered " + response.statusCode());
        }
        return BenchResults.JSON.readTree(response.body()).path("accessToken").asText();
    }

    private void timed(String row, IntFunction<String> url, String account) throws Exception {
        String token = signIn(account);
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
