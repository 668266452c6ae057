package io.helpdesk.platform.testing.probe;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Looks, right after the scheduler has started (its start-up observer has priority
 * {@link Interceptor.Priority#PLATFORM_BEFORE}), at which Redis data sources exist already, without
 * creating any. From then on a scheduled job may ask for one on a worker thread, so both must be made
 * by then on the main thread.
 */
@ApplicationScoped
public class StartupOrder {

    private static volatile boolean redisDataSourcesMadeBeforeJobs;

    void look(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent started, BeanManager beans) {
        redisDataSourcesMadeBeforeJobs = exists(beans, RedisDataSource.class)
                && exists(beans, ReactiveRedisDataSource.class);
    }

    /** Whether both Redis data sources existed when the scheduler could first run a job. */
    public static boolean redisDataSourcesMadeBeforeJobs() {
        return redisDataSourcesMadeBeforeJobs;
    }

    @SuppressWarnings("unchecked")
    private static boolean exists(BeanManager beans, Class<?> type) {
        Bean<Object> bean = (Bean<Object>) beans.resolve(beans.getBeans(type));
        // A context's get without a creational context returns the instance it holds, or null.
        return beans.getContext(bean.getScope()).get(bean) != null;
    }
}
