package io.helpdesk.chat.socket;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;

/** Who is online in a room, across instances: heartbeats in a sorted set; one older than the timeout counts as gone. */
@ApplicationScoped
public class Presence {

    static final long TIMEOUT_SECONDS = 30;

    private final SortedSetCommands<String, String> sets;

    public Presence(RedisDataSource redis) {
        this.sets = redis.sortedSet(String.class);
    }

    public void beat(String room, String userId) {
        sets.zadd(key(room), Instant.now().getEpochSecond(), userId);
    }

    public void gone(String room, String userId) {
        sets.zrem(key(room), userId);
    }

    public List<String> online(String room) {
        long now = Instant.now().getEpochSecond();
        sets.zremrangebyscore(key(room), ScoreRange.from(Double.NEGATIVE_INFINITY, now - TIMEOUT_SECONDS));
        return sets.zrangebyscore(key(room), ScoreRange.from(now - TIMEOUT_SECONDS, Double.POSITIVE_INFINITY)).stream()
                .sorted().toList();
    }

    private static String key(String room) {
        return "chat:presence:" + room;
    }
}
