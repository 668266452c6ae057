package io.helpdesk.platform.events;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the blocking and the reactive Redis data source on the main thread, first thing at start,
 * before the scheduler starts its jobs.
 *
 * <p>The Redis extension keeps the data sources it has made in a plain {@code HashMap} and fills it
 * with {@code computeIfAbsent} whenever one is first asked for. Left lazy, the first scheduled job
 * that touches Redis (the stream backlog's, which runs at once) made the blocking one on a worker
 * thread while the main thread made the reactive one for its start-up observer, and the start failed
 * with a {@code ConcurrentModificationException}. Made here, both are in the map before any other
 * thread can ask; afterwards the map is only read.
 */
@ApplicationScoped
class RedisDataSourcesFirst {

    /** Before the scheduler's own start-up observer ({@link Interceptor.Priority#PLATFORM_BEFORE}). */
    static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE - 1;

    void create(@Observes @Priority(PRIORITY) StartupEvent started, RedisDataSource redis,
            ReactiveRedisDataSource reactive) {
        // Calling through each client proxy creates the bean behind it.
        redis.getReactive();
        reactive.getRedis();
    }
}
