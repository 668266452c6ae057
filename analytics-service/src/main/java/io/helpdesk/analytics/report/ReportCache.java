package io.helpdesk.analytics.report;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.helpdesk.analytics.config.AnalyticsConfig;
import io.helpdesk.analytics.facts.FactsChanged;
import io.helpdesk.analytics.people.PeopleChanged;
import io.helpdesk.platform.web.json.StrictJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.runtime.Startup;

/**
 * Report results in Redis, shared by every replica, for the configured TTL. New facts
 * ({@link FactsChanged}) or people ({@link PeopleChanged}) invalidate them all at once: the keys carry
 * a generation number that one INCR moves on.
 */
// @Startup: its counters exist from the start, not from the first report asked for.
@Startup
@ApplicationScoped
public class ReportCache {

    static final String GENERATION = "analytics:cache:generation";

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final ObjectMapper json;
    /** What this service wrote itself: read back without the client-input rules (stored text may hold anything). */
    private final ObjectReader cached;
    private final AnalyticsConfig config;
    private final Counter hits;
    private final Counter misses;

    public ReportCache(RedisDataSource redis, ObjectMapper json, AnalyticsConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.json = json;
        this.cached = StrictJson.trusted(json);
        this.config = config;
        this.hits = lookups("hit", metrics);
        this.misses = lookups("miss", metrics);
    }

    private static Counter lookups(String result, MeterRegistry metrics) {
        return Counter.builder("helpdesk.analytics.cache").tag("result", result)
                .description("Report lookups answered from the Redis cache (hit) or computed and cached (miss)")
                .register(metrics);
    }

    public record Cached<T>(T value, boolean hit) {
    }

    public <T> Cached<T> get(String key, JavaType type, Supplier<T> compute) {
        String generation = values.get(GENERATION);
        String fullKey = "analytics:cache:" + (generation == null ? "0" : generation) + ":" + key;
        String stored = values.get(fullKey);
        try {
            if (stored != null) {
                hits.increment();
                return new Cached<>(cached.forType(type).readValue(stored), true);
            }
            T value = compute.get();
            values.set(fullKey, json.writeValueAsString(value), new SetArgs().ex(config.cacheTtl()));
            misses.increment();
            return new Cached<>(value, false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cached report cannot be read", e);
        }
    }

    /** Makes every cached report stale. */
    public void invalidate() {
        redis.value(Long.class).incr(GENERATION);
    }

    void factsChanged(@Observes FactsChanged changed) {
        invalidate();
    }

    /** Reports show agents' names: a renamed agent makes them stale too. */
    void peopleChanged(@Observes PeopleChanged changed) {
        invalidate();
    }

    public JavaType type(Class<?> type) {
        return json.getTypeFactory().constructType(type);
    }

    public JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(java.util.List.class, element);
    }
}
