package io.helpdesk.platform.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;

/**
 * One consumer of one Redis stream in a consumer group, at least once: a message is acknowledged
 * only after its handler succeeded; messages a dead (or failing) consumer left pending are claimed
 * again after {@code claimAfter}; one delivered more than {@code maxDeliveries} times moves to
 * {@code <stream>.dead} with the last error. Handlers must be idempotent by event id.
 */
public class StreamConsumer {

    /** Handles one message; an exception leaves it pending for another try. */
    @FunctionalInterface
    public interface Handler {
        void handle(String messageId, Map<String, String> fields) throws Exception;
    }

    /** A message no number of tries can handle (no envelope, not JSON, the wrong type for the stream). */
    public static class Unreadable extends RuntimeException {
        public Unreadable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(StreamConsumer.class);

    private final StreamCommands<String, String, String> streams;
    private final Counter handledCount;
    private final Counter failedCount;
    private final Counter deadCount;
    private final String stream;
    private final String group;
    private final String consumer;
    private final int maxDeliveries;
    private final Duration claimAfter;
    private final BooleanSupplier stopping;
    private final Map<String, String> lastErrors = new HashMap<>();
    private volatile boolean groupExists;

    /** The shape of a stream message id: milliseconds, a dash, a sequence number. */
    public static final String MESSAGE_ID = "^[0-9]{1,20}-[0-9]{1,20}$";

    /** Whether {@code id} is a stream message id Redis accepts: two unsigned 64-bit numbers. */
    public static boolean isMessageId(String id) {
        if (id == null || !id.matches(MESSAGE_ID)) {
            return false;
        }
        int dash = id.indexOf('-');
        try {
            Long.parseUnsignedLong(id.substring(0, dash));
            Long.parseUnsignedLong(id.substring(dash + 1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A consumer name unique to this process (host and pid), for one replica of the service. */
    public static String consumerName(String service) {
        return service + "-" + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    }

    public StreamConsumer(RedisDataSource redis, MeterRegistry metrics, String stream, String group, String consumer,
            int maxDeliveries, Duration claimAfter, BooleanSupplier stopping) {
        this.streams = redis.stream(String.class);
        this.stopping = stopping;
        this.stream = stream;
        // Registered now, at 0, so a stream that never failed still shows a series to alert on.
        this.handledCount = Counter.builder("helpdesk.stream.handled").tag("stream", stream)
                .description("Stream messages handled and acknowledged by this service's consumer group")
                .register(metrics);
        this.failedCount = Counter.builder("helpdesk.stream.failed").tag("stream", stream)
                .description("Stream message deliveries whose handler failed (the message stays pending for another try)")
                .register(metrics);
        this.deadCount = Counter.builder("helpdesk.stream.dead").tag("stream", stream)
                .description("Stream messages moved to the dead-letter stream <stream>.dead after failing too often or being unreadable")
                .register(metrics);
        this.group = group;
        this.consumer = consumer;
        this.maxDeliveries = maxDeliveries;
        this.claimAfter = claimAfter;
    }

    public String stream() {
        return stream;
    }

    /**
     * Creates the group (and the stream) if missing, reading from the beginning of the stream. Redis is asked
     * until the group is known to exist, and again once a read finds it gone (a Redis that lost its data), not
     * on every round: each ask of an existing group is a round trip and an error answer.
     */
    public void ensureGroup() {
        if (groupExists) {
            return;
        }
        try {
            streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (!answered(e, "BUSYGROUP")) {
                throw e;
            }
        }
        groupExists = true;
    }

    /** A read of the group; if Redis no longer has the group, it is made again and the read repeated once. */
    private <T> T inGroup(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (!answered(e, "NOGROUP")) {
                throw e;
            }
            groupExists = false;
            ensureGroup();
            return read.get();
        }
    }

    /** Whether Redis answered {@code e} with the error whose code is {@code code}. */
    private static boolean answered(RuntimeException e, String code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(code)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One round: messages left pending too long (by anyone), then new ones. Returns how many were handled.
     * Once the service is stopping it reads no new message and handles no further one: those it holds stay
     * pending, for another replica to claim.
     */
    public int poll(Handler handler, int batch) {
        int handled = 0;
        for (StreamMessage<String, String, String> message : inGroup(
                () -> streams.xautoclaim(stream, group, consumer, claimAfter, "0-0", batch).getMessages())) {
            if (stopping.getAsBoolean()) {
                return handled;
            }
            if (deliveries(message.id()) > maxDeliveries) {
                deadLetter(message);
            } else if (handle(handler, message)) {
                handled++;
            }
        }
        if (stopping.getAsBoolean()) {
            return handled;
        }
        for (StreamMessage<String, String, String> message : inGroup(() -> streams.xreadgroup(group, consumer, stream,
                ">", new XReadGroupArgs().count(batch)))) {
            if (stopping.getAsBoolean()) {
                return handled;
            }
            if (handle(handler, message)) {
                handled++;
            }
        }
        return handled;
    }

    /** Puts a dead message back on its stream, as new, for another round of tries. */
    public boolean retryDead(String deadId) {
        if (!isMessageId(deadId)) {
            // Redis would answer an error for it, which is the caller's mistake, not the service's.
            throw new ProblemException(400, Problem.BLANK, null, "The request has 1 invalid field.",
                    List.of(new Problem.FieldError("id", "must be a stream message id such as 1700000000000-0")), null);
        }
        String dead = Channels.deadLetters(stream);
        List<StreamMessage<String, String, String>> found = streams.xrange(dead, StreamRange.of(deadId, deadId));
        if (found.isEmpty()) {
            return false;
        }
        Map<String, String> fields = new LinkedHashMap<>(found.get(0).payload());
        fields.keySet().removeIf(k -> k.startsWith("dead."));
        streams.xadd(stream, fields);
        streams.xdel(dead, deadId);
        return true;
    }

    public List<StreamMessage<String, String, String>> dead(int count) {
        return streams.xrange(Channels.deadLetters(stream), StreamRange.of("-", "+"), count);
    }

    private boolean handle(Handler handler, StreamMessage<String, String, String> message) {
        try {
            handler.handle(message.id(), message.payload());
            streams.xack(stream, group, message.id());
            lastErrors.remove(message.id());
            handledCount.increment();
            return true;
        } catch (Unreadable e) {
            lastErrors.put(message.id(), e.getMessage());
            deadLetter(message);
            return false;
        } catch (Exception e) {
            if (stopping.getAsBoolean()) {
                LOG.debugf("%s message %s left pending, the service is stopping: %s", stream, message.id(), e.toString());
                return false;
            }
            lastErrors.put(message.id(), e.toString());
            failedCount.increment();
            THROTTLED.warnf("pending:" + stream,
                    "%s message %s failed, it stays pending: %s", stream, message.id(), e.toString());
            return false;
        }
    }

    private int deliveries(String id) {
        List<PendingMessage> pending = streams.xpending(stream, group, StreamRange.of(id, id), 1);
        return pending.isEmpty() ? 0 : pending.get(0).getDeliveryCount();
    }

    private void deadLetter(StreamMessage<String, String, String> message) {
        Map<String, String> fields = new LinkedHashMap<>(message.payload());
        fields.put("dead.originalId", message.id());
        fields.put("dead.group", group);
        fields.put("dead.error", lastErrors.getOrDefault(message.id(), "failed " + maxDeliveries + " times"));
        streams.xadd(Channels.deadLetters(stream), fields);
        streams.xack(stream, group, message.id());
        lastErrors.remove(message.id());
        deadCount.increment();
        THROTTLED.errorf("dead-letter:" + stream,
                "%s message %s moved to %s: %s", stream, message.id(), Channels.deadLetters(stream),
                fields.get("dead.error"));
    }
}
