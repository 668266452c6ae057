package io.helpdesk.system.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The results table of one bench/run: every figure beside the reference measured in the same run,
 * and their ratio, which is what to quote (absolute figures move with the machine and its
 * neighbours; ratios measured side by side move much less).
 *
 * <pre>
 * BenchReport results.jsonl machine.properties results.md
 * </pre>
 */
public final class BenchReport {

    private static final String[] SERVICES = { "auth-service", "ticket-service", "analytics-service",
            "notification-service", "chat-service" };
    private static final String[] VARIANTS = { "jdk17", "jdk25", "jdk25-aot" };

    private final Map<String, JsonNode> results = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> starts = new LinkedHashMap<>();
    private final Properties machine = new Properties();
    private final StringBuilder out = new StringBuilder();

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        BenchReport report = new BenchReport();
        report.read(Path.of(args[0]), Path.of(args[1]));
        Files.writeString(Path.of(args[2]), report.render(), StandardCharsets.UTF_8);
    }

    private void read(Path resultsFile, Path machineFile) throws IOException {
        for (String line : Files.readAllLines(resultsFile)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode result = BenchResults.JSON.readTree(line);
            String name = result.path("name").asText();
            if (name.startsWith("start.")) {
                starts.computeIfAbsent(name, n -> new ArrayList<>()).add(result);
            } else {
                results.put(name, result);
            }
        }
        try (Reader reader = Files.newBufferedReader(machineFile)) {
            machine.load(reader);
        }
    }

    private String render() {
        line("# Benchmark results");
        line("");
        long duration = Long.parseLong(machine.getProperty("duration", "0"));
        long waited = Long.parseLong(machine.getProperty("lockWait", "0"));
        line(String.format("A %s run of `bench/run` on %s (commit %s): %d minutes of building and measuring%s.",
                machine.getProperty("mode"), machine.getProperty("date"), machine.getProperty("commit"),
                (duration - waited + 30) / 60,
                waited >= 60 ? String.format(", plus %d waiting for other work on the machine (the CPU lock)", (waited + 30) / 60) : ""));
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| CPU | " + machine.getProperty("cpu") + ", " + machine.getProperty("cores") + " cores |");
        line("| memory | " + machine.getProperty("memory") + " |");
        line("| kernel | " + machine.getProperty("kernel") + " |");
        line("| JDK 17 (services, drivers, Keycloak) | " + machine.getProperty("jdk17") + " |");
        line("| JDK 25 (start-up rows) | " + orDash(machine.getProperty("jdk25")) + " |");
        line("| load tool | " + machine.getProperty("wrk") + " (on the same cores as the system) |");
        line("| peer | Keycloak " + machine.getProperty("keycloak") + " |");
        line("");
        throughput();
        profiles();
        startup();
        backends();
        scale();
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------

    private void throughput() {
        line("## Throughput and latency");
        line("");
        line("| measurement | result | reference (same run) | ratio |");
        line("|---|---|---|---|");
        JsonNode ceiling = results.get("argon2.ceiling");
        Ceiling ceilings = Ceiling.of(ceiling, results.get("argon2.ceiling.after"));
        if (ceiling != null) {
            row("Argon2id verification at the auth-service's cost (`" + ceiling.path("cost").asText()
                    + "`), the auth-service's own hasher (BouncyCastle, pooled Argon2 blocks)" + ceilings.when("the logins"),
                    ceilings.measured(), "—", "the login ceiling" + ceilings.drift());
        }
        JsonNode bouncyCastle = results.get("bouncycastle.argon2.ceiling");
        if (bouncyCastle != null) {
            row("The same with the BouncyCastle of Keycloak's distribution, blocks allocated per hash as Keycloak does,"
                    + " without the auth-service's JVM options, measured right after",
                    rate(bouncyCastle.path("rps").asDouble(), "hashes/s") + " on " + bouncyCastle.path("threads").asInt()
                            + " threads; " + bouncyCastle.path("msPerHash").asText() + " ms per hash on one",
                    Ceiling.of(ceiling, null).text("") + " (the auth-service's hasher)",
                    ceiling == null ? "—" : times(bouncyCastle.path("rps").asDouble(), ceiling.path("rps").asDouble())
                            + " the auth-service's hashes/s");
        }
        JsonNode keycloakCeiling = results.get("keycloak.argon2.ceiling");
        Ceiling keycloakCeilings = Ceiling.of(keycloakCeiling, results.get("keycloak.argon2.ceiling.after"));
        JsonNode keycloakHash = results.get("keycloak.hash");
        if (keycloakCeiling != null) {
            row("Keycloak's ceiling: BouncyCastle at the cost Keycloak stored (" + keycloakCeiling.path("cost").asText()
                    + (keycloakHash == null ? "" : ", read back from its credential") + ")" + keycloakCeilings.when("its logins"),
                    keycloakCeilings.measured(), "—", "Keycloak's login ceiling" + keycloakCeilings.drift());
        }
        for (String connections : new String[] { "c2", "c8" }) {
            JsonNode login = results.get("auth.login." + connections);
            JsonNode keycloak = results.get("keycloak.token." + connections);
            if (login != null) {
                row("`POST /v1/user/login`, " + connections(login), http(login), ceilings.text(""),
                        ceilings.share(login, "of the ceiling")
                                + (keycloak != null ? "; " + times(login.path("rps").asDouble(), keycloak.path("rps").asDouble())
                                        + " Keycloak's token/s" : ""));
            }
            if (keycloak != null) {
                row("Keycloak token endpoint, password grant, same Argon2id cost, " + connections(keycloak), http(keycloak),
                        keycloakCeilings.text("its library's "), keycloakCeilings.share(keycloak, "of its ceiling"));
            }
        }
        JsonNode refresh = results.get("auth.refresh");
        JsonNode keycloakRefresh = results.get("keycloak.refresh");
        if (refresh != null) {
            row("`POST /v1/tokens/refresh`, single-use tokens chained per connection, " + connections(refresh),
                    http(refresh) + rotation(refresh),
                    keycloakRefresh == null ? "—" : "Keycloak refresh grant (refresh tokens revoked on use): "
                            + http(keycloakRefresh) + rotation(keycloakRefresh),
                    keycloakRefresh == null ? "—"
                            : times(refresh.path("rps").asDouble(), keycloakRefresh.path("rps").asDouble()) + " Keycloak's refresh/s");
        }
        JsonNode redisGet = results.get("ref.redis-get");
        JsonNode mongoFind = results.get("ref.mongo-find");
        JsonNode user1 = results.get("auth.user.c1");
        if (user1 != null) {
            String reference = redisGet == null || mongoFind == null ? "—"
                    : "bare round trips, one client: Redis GET p99 " + ms(redisGet.path("p99us").asLong())
                            + ", MongoDB find by `_id` p99 " + ms(mongoFind.path("p99us").asLong());
            String ratio = redisGet == null || mongoFind == null ? "—"
                    : "p99 = " + times(user1.path("p99us").asDouble(),
                            redisGet.path("p99us").asDouble() + mongoFind.path("p99us").asDouble())
                            + " (Redis GET + MongoDB find); p50 = " + times(user1.path("p50us").asDouble(),
                                    redisGet.path("p50us").asDouble() + mongoFind.path("p50us").asDouble());
            row("`GET /v1/user` (JWT check, revocation check in Redis, profile from MongoDB), 1 connection",
                    http(user1), reference, ratio);
        }
        for (String connections : new String[] { "c1", "c32" }) {
            JsonNode user = results.get("auth.user." + connections);
            JsonNode userinfo = results.get("keycloak.userinfo." + connections);
            if (connections.equals("c32") && user != null) {
                row("`GET /v1/user`, " + connections(user), http(user),
                        userinfo == null ? "—" : "Keycloak userinfo, " + connections(userinfo) + ": " + http(userinfo),
                        userinfo == null ? "—" : times(user.path("rps").asDouble(), userinfo.path("rps").asDouble())
                                + " Keycloak's req/s; p99 " + times(user.path("p99us").asDouble(), userinfo.path("p99us").asDouble()));
            } else if (userinfo != null) {
                row("Keycloak userinfo, " + connections(userinfo), http(userinfo), "—",
                        user == null ? "—" : "`GET /v1/user` p99 = " + times(user.path("p99us").asDouble(), userinfo.path("p99us").asDouble())
                                + " userinfo p99");
            }
        }
        JsonNode pubsub = results.get("ref.redis-pubsub");
        List<JsonNode> chats = new ArrayList<>(results.entrySet().stream()
                .filter(e -> e.getKey().startsWith("chat.rooms")).map(Map.Entry::getValue).toList());
        chats.sort((a, b) -> Integer.compare(a.path("rooms").asInt(), b.path("rooms").asInt()));
        for (JsonNode chat : chats) {
            row("Chat: " + chat.path("rooms").asInt() + " rooms, writer on instance A and reader on instance B, "
                    + chat.path("offeredPerSecond").asText() + " messages/s offered" + (!chat.has("settled") ? ""
                            : chat.path("settled").asBoolean() ? " once the machine settled after opening the rooms ("
                                    + chat.path("settledSeconds").asText() + " s)"
                                    : ", measured although the machine had not settled "
                                            + chat.path("settledSeconds").asText() + " s after opening the rooms"),
                    rate(chat.path("rps").asDouble(), "delivered/s") + ", p50 " + ms(chat.path("p50us").asLong()) + ", p99 "
                            + ms(chat.path("p99us").asLong()) + (chat.has("ackP99us") ? " (the writer's ack p99 "
                                    + ms(chat.path("ackP99us").asLong()) + ")" : "") + ", " + chat.path("lost").asLong() + " of "
                            + chat.path("sent").asLong() + " lost" + errors(chat.path("errors")),
                    pubsub == null ? "—" : "Redis PUBLISH → subscriber, one client: p99 " + ms(pubsub.path("p99us").asLong()),
                    (pubsub == null ? "" : "p99 = " + times(chat.path("p99us").asDouble(), pubsub.path("p99us").asDouble())
                            + " the pub/sub hop; ")
                            + fraction(chat.path("rps").asDouble(), chat.path("offeredPerSecond").asDouble()) + " of the offered load delivered");
        }
        JsonNode create = results.get("ticket.create");
        JsonNode insert = results.get("ref.mongo-insert");
        if (create != null) {
            row("`POST /v1/ticket` (document with outbox, event to `events.tickets`), " + connections(create), http(create),
                    insert == null ? "—" : "MongoDB insert of a ticket-sized document, one client: "
                            + rate(insert.path("rps").asDouble(), "/s") + ", p99 " + ms(insert.path("p99us").asLong()),
                    insert == null ? "—" : "p99 = " + times(create.path("p99us").asDouble(), insert.path("p99us").asDouble())
                            + " a bare insert");
        }
        JsonNode lag = results.get("projection.lag");
        if (lag != null) {
            row("Analytics projection catching up after the creates (the warm-up, the measured run and the profile pass)",
                    lag.path("seconds").asText() + " s until " + lag.path("projected").asText() + " of "
                            + lag.path("tickets").asText() + " tickets were facts",
                    create == null ? "—" : String.format(Locale.ROOT, "the measured create run: %.1f s", create.path("seconds").asDouble()),
                    "—");
        }
        JsonNode seed = results.get("seed");
        if (seed != null) {
            row("Ticket store filled to " + String.format(Locale.ROOT, "%,d", seed.path("total").asLong())
                    + " tickets (written straight into MongoDB with their analytics facts)",
                    String.format(Locale.ROOT, "%,d", seed.path("inserted").asLong()) + " in " + seed.path("seconds").asText()
                            + " s (" + seed.path("perSecond").asText() + " tickets/s)", "—", "—");
        }
        listRow("ticket.list.customer", "ref.mongo-list-customer", "a customer (their own tickets)");
        listRow("ticket.list.admin", "ref.mongo-list-all", "an administrator (every ticket)");
        JsonNode cached = results.get("analytics.overview.cached");
        JsonNode uncached = results.get("analytics.overview.uncached");
        if (cached != null) {
            row("`GET /v1/analytics/overview`, cached (one window, `X-Cache: HIT`), " + connections(cached),
                    http(cached) + cache(cached),
                    redisGet == null ? "—" : "Redis GET p99 " + ms(redisGet.path("p99us").asLong()),
                    redisGet == null ? "—" : "p99 = " + times(cached.path("p99us").asDouble(), redisGet.path("p99us").asDouble())
                            + " a Redis GET");
        }
        if (uncached != null) {
            row("`GET /v1/analytics/overview`, uncached (a new window each time: one `$facet` aggregation over the facts), "
                    + connections(uncached), http(uncached) + cache(uncached),
                    cached == null ? "—" : "the cached overview: p50 " + ms(cached.path("p50us").asLong()),
                    cached == null ? "—" : "p50 = " + times(uncached.path("p50us").asDouble(), cached.path("p50us").asDouble())
                            + " the cached one");
        }
        line("");
        line("Latencies are wrk's (closed loop: a slow answer delays the next request of its connection, so"
                + " queueing shows in the throughput more than in the percentiles). \"n\" is the number of answers a"
                + " percentile is taken from.");
        warmUps();
        line("");
    }

    /**
     * How long the logins were warmed before their rows: rounds until the last three were within 10 % of each
     * other and the last rose at most 5 % over the first of them.
     */
    private void warmUps() {
        for (String[] warmUp : new String[][] { { "auth.login", "The auth-service's login rows" },
                { "keycloak.token", "Keycloak's token rows" } }) {
            JsonNode entry = results.get("warm-up." + warmUp[0]);
            if (entry == null) {
                continue;
            }
            List<String> rates = new ArrayList<>();
            entry.path("rates").forEach(rate -> rates.add(rate.asText()));
            line("");
            line(warmUp[1] + " were measured after " + entry.path("rounds").asInt() + " warm-up rounds of "
                    + entry.path("roundSeconds").asInt() + " s at " + entry.path("connections").asInt() + " connections ("
                    + String.join(", ", rates) + " logins/s), "
                    + (entry.path("steady").asBoolean()
                            ? "the last three within 10 % of each other, the last at most 5 % above the first of them."
                            : "the most rounds allowed, before the last three were within 10 % of each other with the"
                                    + " last at most 5 % above the first of them."));
        }
    }

    /** The JFR summaries of the rows bench/run recorded ({@code JfrSummary}). */
    private void profiles() {
        List<JsonNode> profiles = results.entrySet().stream().filter(e -> e.getKey().startsWith("profile."))
                .map(Map.Entry::getValue).toList();
        if (profiles.isEmpty()) {
            return;
        }
        line("## Where the time goes");
        line("");
        line("Each row's service under JFR (`settings=profile`) in a shorter pass of the same load right after the"
                + " measured row (the recording costs the service some throughput): its share of the machine's CPU"
                + " (JFR's reading, low on a short pass: its first reading covers no time),"
                + " the methods most often on top of its sampled Java stacks (share of the samples), the project's own"
                + " frames most often anywhere on them, and the collector's work; for the wrk passes, the CPU time"
                + " the service's threads used during the pass (the kernel's count, the recording's own cost"
                + " included) per request the pass made. The recordings are in `profiles/`.");
        line("");
        line("| row | service CPU (of the machine) | on top of the stacks | our frames on the stacks | GC |");
        line("|---|---|---|---|---|");
        for (JsonNode profile : profiles) {
            line("| " + profile.path("name").asText().substring("profile.".length()) + " | "
                    + (profile.path("cpuShare").isNumber() ? percent(profile.path("cpuShare").asDouble()) : "—")
                    + " (" + profile.path("samples").asInt() + " samples)" + perRequest(profile) + " | "
                    + methods(profile.path("top")) + " | "
                    + methods(profile.path("ours")) + " | " + profile.path("gcs").asInt() + " collections ("
                    + profile.path("oldGcs").asInt() + " old), " + profile.path("gcPauseMs").asLong() + " ms paused, "
                    + (profile.path("allocMiBPerSecond").isNumber()
                            ? String.format(Locale.ROOT, "%.0f MiB/s allocated", profile.path("allocMiBPerSecond").asDouble())
                            : "allocation not recorded") + " |");
        }
        line("");
    }

    private static String methods(JsonNode shares) {
        List<String> methods = new ArrayList<>();
        shares.forEach(s -> methods.add("`" + s.path("method").asText() + "` " + percent(s.path("share").asDouble())));
        return methods.isEmpty() ? "—" : String.join(", ", methods);
    }

    /** "; 41.2 ms of CPU per request (420 requests)" when the pass's CPU time and requests were recorded. */
    private static String perRequest(JsonNode profile) {
        if (!profile.path("cpuMsPerRequest").isNumber()) {
            return "";
        }
        return String.format(Locale.ROOT, "; %s of CPU per request (%,d requests)",
                ms(profile.path("cpuMsPerRequest").asDouble() * 1000), profile.path("requests").asLong());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private void listRow(String name, String referenceName, String who) {
        JsonNode list = results.get(name);
        JsonNode direct = results.get(referenceName);
        JsonNode seed = results.get("seed");
        if (list == null) {
            return;
        }
        String volume = seed == null ? "" : " with " + String.format(Locale.ROOT, "%,d", seed.path("total").asLong()) + " tickets";
        row("`GET /v1/ticket?size=20` as " + who + volume + ", " + connections(list), http(list),
                direct == null ? "—" : "the same query (page and count) straight to the store, one client: p50 "
                        + ms(direct.path("p50us").asLong()) + ", p99 " + ms(direct.path("p99us").asLong())
                        + " (n = " + direct.path("requests").asLong() + ")" + storeFailures(direct),
                direct == null ? "—" : "p50 = " + times(list.path("p50us").asDouble(), direct.path("p50us").asDouble())
                        + " the bare query");
    }

    // ------------------------------------------------------------------------------------------

    private void startup() {
        if (starts.isEmpty()) {
            return;
        }
        line("## Start-up and memory");
        line("");
        line("Each service alone (MongoDB, Redis and SMTP from `devstack --infra-only`, the devstack's environment,"
                + " `-Xmx256m` as the devstack runs them), from process start to the first 200 of `/q/health/ready`;"
                + " RSS from `/proc/<pid>/status` at that moment and after a short load of one authenticated route"
                + " (wrk, 8 connections, 3 s). Median of the runs (n per cell). The AOT cache (JEP 514) was trained"
                + " by one run of the same load (`-XX:AOTCacheOutput`) and used with `-XX:AOTCache`.");
        line("");
        line("| service | JDK 17: ready | JDK 25: ready | JDK 25 + AOT cache: ready | native | RSS at ready (17 / 25 / 25 + AOT) | RSS after load (17 / 25 / 25 + AOT) | AOT ready ÷ JDK 17 ready |");
        line("|---|---|---|---|---|---|---|---|");
        for (String service : SERVICES) {
            List<String> ready = new ArrayList<>();
            List<String> rssReady = new ArrayList<>();
            List<String> rssLoaded = new ArrayList<>();
            for (String variant : VARIANTS) {
                List<JsonNode> runs = starts.getOrDefault("start." + service + "." + variant, List.of());
                ready.add(runs.isEmpty() ? "—" : ms(median(runs, r -> r.path("readyMs").asDouble()) * 1000)
                        + " (n = " + runs.size() + ")");
                rssReady.add(runs.isEmpty() ? "—" : mib(median(runs, r -> r.path("rssReadyKib").asDouble())));
                rssLoaded.add(runs.isEmpty() ? "—" : mib(median(runs, r -> r.path("rssLoadedKib").asDouble())));
            }
            List<JsonNode> jdk17 = starts.getOrDefault("start." + service + ".jdk17", List.of());
            List<JsonNode> aot = starts.getOrDefault("start." + service + ".jdk25-aot", List.of());
            String ratio = jdk17.isEmpty() || aot.isEmpty() ? "—"
                    : fraction(median(aot, r -> r.path("readyMs").asDouble()), median(jdk17, r -> r.path("readyMs").asDouble()));
            line("| " + service + " | " + ready.get(0) + " | " + ready.get(1) + " | " + ready.get(2)
                    + " | not built here (no GraalVM/Mandrel, no Docker) | " + String.join(" / ", rssReady)
                    + " | " + String.join(" / ", rssLoaded) + " | " + ratio + " |");
        }
        JsonNode keycloak = results.get("keycloak.start");
        if (keycloak != null) {
            JsonNode loaded = results.get("keycloak.loaded");
            line("| Keycloak " + machine.getProperty("keycloak") + " (peer; `start-dev`, JDK 17, its own heap settings) | "
                    + ms(keycloak.path("readyMs").asDouble() * 1000) + " (to `/health/ready`, n = 1) | — | — | — | "
                    + mib(keycloak.path("rssKib").asDouble()) + " | "
                    + (loaded == null ? "—" : mib(loaded.path("rssKib").asDouble()) + " (after its benchmarks)") + " | — |");
        }
        line("");
        startupCpu();
    }

    /** What the CPU did until ready: the main thread, the JIT compilers (C1 and C2), the rest. */
    private void startupCpu() {
        line("Where start-up's CPU goes: the CPU time the process used until ready (all threads, both cores), the"
                + " main thread's share of it and the JIT compilers' (C1 and C2); median of the runs.");
        line("");
        line("| service | JDK 17 | JDK 25 | JDK 25 + AOT cache |");
        line("|---|---|---|---|");
        for (String service : SERVICES) {
            List<String> cells = new ArrayList<>();
            for (String variant : VARIANTS) {
                List<JsonNode> runs = starts.getOrDefault("start." + service + "." + variant, List.of()).stream()
                        .filter(r -> r.has("cpuMs")).toList();
                if (runs.isEmpty()) {
                    cells.add("—");
                    continue;
                }
                double cpu = median(runs, r -> r.path("cpuMs").asDouble());
                cells.add(ms(cpu * 1000) + " CPU: main thread " + ms(median(runs, r -> r.path("mainMs").asDouble()) * 1000)
                        + ", JIT " + ms(median(runs, r -> r.path("jitMs").asDouble()) * 1000));
            }
            line("| " + service + " | " + String.join(" | ", cells) + " |");
        }
        line("");
    }

    // ------------------------------------------------------------------------------------------

    private static final String[] BACKENDS = { "memory", "h2", "h2-tuned", "journal" };
    private static final String[][] STORE_QUERIES = {
            { "list-first-page", "ticket list, first page (newest first, summary fields)" },
            { "list-page-50", "ticket list, page 50 by keyset cursor" },
            { "agent-queue", "agent queue (assigned to me or unassigned, newest first)" },
            { "search", "search: literal case-insensitive regex on subject and `searchText`" },
            { "count", "count of the tickets not deleted" },
            { "find-by-id", "one ticket by `_id`" },
            { "messages-of-ticket", "one ticket's messages (`ticket_messages` by `ticketId`, `seq`)" },
            { "insert-one", "one insert" },
            { "outbox-sweep-scan", "the outbox sweep's query (`outbox.0` exists; every 5 s)" },
            { "sla-check-scan", "the SLA check's query (every 60 s)" } };

    /** The stand-in's backends with the same tickets, from {@code StoreBackends}. */
    private void backends() {
        JsonNode journal = results.get("store.journal");
        if (journal == null && results.get("store.h2") == null) {
            return;
        }
        JsonNode any = journal != null ? journal : results.get("store.h2");
        line("## The devstack's MongoDB-wire store: backends side by side");
        line("");
        line("mongo-java-server with " + String.format(Locale.ROOT, "%,d", any.path("tickets").asLong())
                + " tickets in the shape the ticket-service writes (with their messages, history and analytics facts),"
                + " one client in the same JVM, one request at a time; p50 (p99) of each query after one untimed run."
                + " `journal` is the devstack's store: the memory backend with every change journaled to an MVStore file.");
        line("");
        line("| | memory (not durable) | h2 (the former store) | h2, 1 GiB page cache | journal (the default) | journal ÷ h2 |");
        line("|---|---|---|---|---|---|");
        for (String[] query : STORE_QUERIES) {
            List<String> cells = new ArrayList<>();
            for (String backend : BACKENDS) {
                JsonNode result = results.get("store." + backend + "." + query[0]);
                cells.add(result == null ? "—" : ms(result.path("p50us").asLong()) + " (" + ms(result.path("p99us").asLong()) + ")");
            }
            JsonNode h2 = results.get("store.h2." + query[0]);
            JsonNode j = results.get("store.journal." + query[0]);
            line("| " + query[1] + " | " + String.join(" | ", cells) + " | "
                    + (h2 == null || j == null ? "—" : times(j.path("p50us").asDouble(), h2.path("p50us").asDouble())) + " |");
        }
        storeRow("seeding (tickets/s, with their other documents)", "ticketsPerSecond", "%,.0f");
        storeRow("heap the data takes (MiB, after a full GC)", "heapMib", "%,.0f");
        storeRow("file on disk (MiB)", "fileMib", "%,.0f");
        storeRow("stop and start until the first ticket is read (s)", "restartSeconds", "%.1f");
        // No ratio: h2 reads its pages when a query needs them, the journal reads everything at start.
        storeRow("heap after that start (MiB)", "heapAfterRestartMib", "%,.0f", "— (h2 reads pages on demand)");
        line("");
    }

    private void storeRow(String what, String field, String format) {
        storeRow(what, field, format, null);
    }

    private void storeRow(String what, String field, String format, String noRatio) {
        List<String> cells = new ArrayList<>();
        for (String backend : BACKENDS) {
            JsonNode result = results.get("store." + backend);
            cells.add(result == null || !result.has(field) ? "—" : String.format(Locale.ROOT, format, result.path(field).asDouble()));
        }
        JsonNode h2 = results.get("store.h2");
        JsonNode journal = results.get("store.journal");
        String ratio = noRatio != null ? noRatio : h2 == null || journal == null || !h2.has(field) || !journal.has(field) ? "—"
                : times(journal.path(field).asDouble(), h2.path(field).asDouble());
        line("| " + what + " | " + String.join(" | ", cells) + " | " + ratio + " |");
    }

    private static final String[][] SCALE_ROWS = {
            { "list-first", "`GET /v1/ticket?size=20`, administrator, first page",
                    "the stand-in: no secondary index, so it scans and sorts every ticket" },
            { "list-page-50", "the same, page 50 (`cursor` after the first 980 tickets, found by following `next`)",
                    "the stand-in, as the first page: the cursor narrows the filter, the scan stays" },
            { "search", "`GET /v1/ticket?size=20&q=printer` (1 ticket in 100 matches)",
                    "the stand-in (a regex over every ticket; it has no `$text`)" },
            { "agent-queue", "`GET /v1/ticket?size=20`, agent (assigned to them or unassigned)",
                    "the stand-in, as the list" },
            { "overview-uncached", "`GET /v1/analytics/overview`, 30 days, uncached",
                    "the whole days from their roll-ups (one document a day); the part day and the open backlog from the facts,"
                            + " which the stand-in scans (no secondary index)" } };

    /** The same routes at a small and a large store, from {@code ScaleQueries}: the growth ratio is what to quote. */
    private void scale() {
        TreeSet<Long> sizes = new TreeSet<>();
        results.forEach((name, result) -> {
            if (name.startsWith("scale.") && result.has("row")) {
                sizes.add(result.path("tickets").asLong());
            }
        });
        if (sizes.isEmpty()) {
            return;
        }
        long small = sizes.first();
        long large = sizes.last();
        line("## At scale: " + String.format(Locale.ROOT, "%,d", small) + " and " + String.format(Locale.ROOT, "%,d", large) + " tickets");
        line("");
        line("The same devstack (its store in memory with a journal file), filled straight into the store by `TicketSeeder`"
                + " (one message per ticket), one request at a time. Growth = p50 at the large store ÷ p50 at the small one"
                + " (" + String.format(Locale.ROOT, "%,.0f", (double) large / small) + "× the tickets; the goal is ≤ 2× where the store allows).");
        line("");
        line("| route | " + String.format(Locale.ROOT, "%,d", small) + " tickets | " + String.format(Locale.ROOT, "%,d", large)
                + " tickets | growth | what decides the figure here |");
        line("|---|---|---|---|---|");
        for (String[] row : SCALE_ROWS) {
            JsonNode a = results.get("scale." + row[0] + "." + small);
            JsonNode b = results.get("scale." + row[0] + "." + large);
            if (a == null && b == null) {
                continue;
            }
            line("| " + row[1] + " | " + scaleCell(a) + " | " + scaleCell(b) + " | "
                    + (a == null || b == null || a.path("p50us").asLong() == 0 ? "—"
                            : times(b.path("p50us").asDouble(), a.path("p50us").asDouble()))
                    + " | " + row[2] + " |");
        }
        line("");
        List<String> fillings = new ArrayList<>();
        for (long size : sizes) {
            JsonNode seed = results.get("scale.seed." + size);
            JsonNode walk = results.get("scale.walk." + size);
            JsonNode store = results.get("scale.store." + size);
            StringBuilder text = new StringBuilder("to " + String.format(Locale.ROOT, "%,d", size) + " tickets: ");
            text.append(seed == null ? "—" : String.format(Locale.ROOT, "%,d", seed.path("inserted").asLong()) + " in "
                    + seed.path("seconds").asText() + " s (" + seed.path("perSecond").asText() + " tickets/s)");
            if (store != null && store.path("rssKib").asLong() > 0) {
                text.append(", then the devstack's RSS ").append(mib(store.path("rssKib").asDouble()));
            }
            if (walk != null) {
                text.append("; following `next` past the first ").append(String.format(Locale.ROOT, "%,d", walk.path("skipped").asLong()))
                        .append(" tickets (").append(walk.path("pages").asInt()).append(" pages of ").append(walk.path("pageSize").asInt())
                        .append(") took ").append(walk.path("seconds").asText()).append(" s");
                if (walk.has("failure")) {
                    text.append(" (**").append(walk.path("failure").asText()).append("**)");
                }
            }
            fillings.add(text.toString());
        }
        line("Filling " + String.join("; ", fillings) + ".");
        line("");
    }

    private static String scaleCell(JsonNode result) {
        if (result == null) {
            return "—";
        }
        if (result.path("requests").asLong() == 0) {
            return "**failed: " + result.path("failure").asText() + "**";
        }
        return "p50 " + ms(result.path("p50us").asLong()) + ", max " + ms(result.path("maxus").asLong()) + " (n = "
                + result.path("requests").asLong() + ")" + (result.path("failed").asLong() > 0
                        ? ", **" + result.path("failed").asLong() + " failed: " + result.path("failure").asText() + "**" : "");
    }

    // ------------------------------------------------------------------------------------------

    private static double median(List<JsonNode> runs, Function<JsonNode, Double> value) {
        List<Double> values = new ArrayList<>(runs.stream().map(value).toList());
        values.sort(Double::compare);
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    private static String http(JsonNode result) {
        // A few answers of seconds each, timed one after another: their rate says nothing.
        boolean fewSlow = result.path("requests").asLong() < 20 && result.path("p50us").asLong() >= 1_000_000;
        StringBuilder text = new StringBuilder(fewSlow ? "one at a time" : rate(result.path("rps").asDouble(), "/s"));
        text.append(", p50 ").append(ms(result.path("p50us").asLong()));
        // Below a hundred answers the 99th percentile is the slowest answer: say so.
        text.append(result.path("requests").asLong() < 100 ? ", max " : ", p99 ").append(ms(result.path("p99us").asLong()));
        text.append(" (n = ").append(String.format(Locale.ROOT, "%,d", result.path("requests").asLong())).append(")");
        long failed = result.path("non2xx").asLong() + result.path("socketErrors").asLong() + result.path("timeouts").asLong();
        if (failed == 0) {
            text.append(", every answer 2xx");
        } else {
            text.append(", **").append(failed).append(" failed**");
            JsonNode statuses = result.path("statuses");
            if (statuses.size() > 0) {
                List<String> parts = new ArrayList<>();
                statuses.properties().forEach(e -> parts.add(e.getValue().asLong() + " × " + e.getKey()));
                text.append(" (").append(String.join(", ", parts)).append(")");
            }
            if (result.path("socketErrors").asLong() + result.path("timeouts").asLong() > 0) {
                text.append(" (").append(result.path("socketErrors").asLong()).append(" socket errors, ")
                        .append(result.path("timeouts").asLong()).append(" timeouts)");
            }
        }
        return text.toString();
    }

    private static String storeFailures(JsonNode result) {
        return result.path("failures").asLong() == 0 ? ""
                : ", **" + result.path("failures").asLong() + " failed: " + result.path("failure").asText() + "**";
    }

    private static String rotation(JsonNode result) {
        return "; " + result.path("rotated").asLong() + " rotations, " + result.path("poolEmpty").asLong()
                + " requests without a live token";
    }

    private static String cache(JsonNode result) {
        return "; X-Cache " + result.path("cacheHits").asLong() + " HIT / " + result.path("cacheMisses").asLong() + " MISS";
    }

    private static String errors(JsonNode errors) {
        if (errors == null || errors.size() == 0) {
            return ", no errors";
        }
        List<String> parts = new ArrayList<>();
        errors.properties().forEach(e -> parts.add(e.getValue().asLong() + " × " + e.getKey()));
        return ", **errors: " + String.join(", ", parts) + "**";
    }

    private static String connections(JsonNode result) {
        int connections = result.path("connections").asInt();
        return connections + (connections == 1 ? " connection" : " connections");
    }

    /**
     * A hash ceiling measured before a server's logins and, in runs that have it, again right after them: this
     * machine's hash rate drifts by a third over minutes, so a login's share is quoted against the mean of the two
     * and against each.
     */
    private record Ceiling(JsonNode before, JsonNode after) {

        static Ceiling of(JsonNode before, JsonNode after) {
            return new Ceiling(before, before == null ? null : after);
        }

        double rps() {
            return after == null ? before.path("rps").asDouble()
                    : (before.path("rps").asDouble() + after.path("rps").asDouble()) / 2;
        }

        String when(String logins) {
            return after == null ? ", measured before " + logins : ", measured before " + logins + " and again right after them";
        }

        String measured() {
            String rates = after == null ? rate(before.path("rps").asDouble(), "hashes/s")
                    : rate(before.path("rps").asDouble(), "hashes/s") + " before, " + rate(after.path("rps").asDouble(), "hashes/s")
                            + " after";
            return rates + " on " + before.path("threads").asInt() + " threads; " + before.path("msPerHash").asText()
                    + " ms per hash on one (before)" + unsettled(before, "before") + unsettled(after, "after");
        }

        private static String unsettled(JsonNode ceiling, String which) {
            return ceiling == null || !ceiling.has("steady") || ceiling.path("steady").asBoolean() ? ""
                    : "; **the warm-up " + which + " did not settle in " + ceiling.path("warmUpRounds").asInt() + " rounds**";
        }

        String drift() {
            return after == null ? "" : "; after ÷ before " + fraction(after.path("rps").asDouble(), before.path("rps").asDouble());
        }

        String text(String whose) {
            if (before == null) {
                return "—";
            }
            return whose + "Argon2id ceiling " + rate(rps(), "hashes/s") + (after == null ? "" : " (mean of before and after)");
        }

        String share(JsonNode result, String what) {
            if (before == null) {
                return "—";
            }
            double rps = result.path("rps").asDouble();
            String share = fraction(rps, rps()) + " " + what;
            if (after == null || before.path("rps").asDouble() <= 0 || after.path("rps").asDouble() <= 0) {
                return share;
            }
            double first = rps / before.path("rps").asDouble();
            double second = rps / after.path("rps").asDouble();
            return share + String.format(Locale.ROOT, " (%.2f–%.2f against each)", Math.min(first, second), Math.max(first, second));
        }
    }

    private static String fraction(double value, double of) {
        return of <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", value / of);
    }

    private static String times(double value, double of) {
        if (of <= 0) {
            return "—";
        }
        double ratio = value / of;
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.2f×", ratio);
    }

    private static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f %s" : "%.1f %s", perSecond, unit).replace(" /s", "/s");
    }

    static String ms(double micros) {
        double millis = micros / 1000;
        if (millis >= 1_000) {
            return String.format(Locale.ROOT, millis >= 10_000 ? "%.1f s" : "%.2f s", millis / 1000);
        }
        return String.format(Locale.ROOT, millis >= 100 ? "%.0f ms" : millis >= 1 ? "%.1f ms" : "%.2f ms", millis);
    }

    private static String mib(double kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }

    private void row(String what, String result, String reference, String ratio) {
        line("| " + what + " | " + result + " | " + reference + " | " + ratio + " |");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
