package io.helpdesk.chat.socket;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Room traffic between instances: every frame for a room is published on {@code chat.room.<id>};
 * every instance subscribes to all rooms and hands each frame to its own connections in that room.
 * So a message sent through instance A reaches members connected to instance B. When Redis goes
 * away the subscription ends; it is made again, with back-off, until Redis is back. Frames published
 * meanwhile are not replayed by Redis: messages are stored, and a client catches up by joining with
 * its last sequence.
 */
@ApplicationScoped
public class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(Fanout.class);

    private static final Duration RESUBSCRIBE_FIRST = Duration.ofMillis(200);
    private static final Duration RESUBSCRIBE_MAX = Duration.ofSeconds(5);

    private final PubSubCommands<String> pubsub;
    private final ReactivePubSubCommands<String> subscriptions;
    private final ChatConnections open;
    private final ObjectMapper json;
    private final Attempts attempts;
    /** room → ids of this instance's connections in it. */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

    public Fanout(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, ChatConnections open, ObjectMapper json,
            Attempts attempts) {
        this.attempts = attempts;
        this.pubsub = redis.pubsub(String.class);
        this.subscriptions = reactiveRedis.pubsub(String.class);
        this.open = open;
        this.json = json;
    }

    void subscribe(@Observes StartupEvent started) {
        subscriptions.subscribeAsMessagesToPatterns(Channels.CHAT_ROOM_CHANNEL_PREFIX + "*")
                .onCompletion().failWith(() -> new IllegalStateException("Redis ended the subscription"))
                // Once the service stops, the Redis client closing under the subscription is no outage.
                .onFailure(e -> !attempts.stopping()).invoke(e -> THROTTLED.warnf("room-traffic-stopped",
                        "Room traffic from other instances stopped (%s); subscribing again", e.toString()))
                .onFailure(e -> !attempts.stopping()).retry().withBackOff(RESUBSCRIBE_FIRST, RESUBSCRIBE_MAX).indefinitely()
                .subscribe().with(message -> deliver(
                        message.getChannel().substring(Channels.CHAT_ROOM_CHANNEL_PREFIX.length()), message.getPayload()),
                        ended -> LOG.debugf("Room traffic from other instances ended with the service: %s", ended));
    }

    public void publish(String room, Map<String, Object> frame) {
        pubsub.publish(Channels.chatRoom(room), write(frame));
    }

    public void add(String room, String connectionId) {
        members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(connectionId);
    }

    public void remove(String room, String connectionId) {
        Set<String> inRoom = members.get(room);
        if (inRoom != null) {
            inRoom.remove(connectionId);
        }
    }

    public Map<String, Set<String>> rooms() {
        return members;
    }

    /** Frames a connection may have in flight before it counts as a slow consumer. */
    static final int MAX_PENDING = 256;
    /** Close code for a client that cannot keep up (policy violation). */
    static final short SLOW_CONSUMER = 1008;
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> PENDING = new ConcurrentHashMap<>();

    /**
     * Sends without waiting. A connection with too many frames still in flight is closed with 1008:
     * one slow client must not make the server buffer without bound.
     */
    public static void send(WebSocketConnection connection, String frame) {
        var pending = PENDING.computeIfAbsent(connection.id(), id -> new java.util.concurrent.atomic.AtomicInteger());
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            THROTTLED.warnf("slow-connection-closed",
                    "Closing %s: more than %d frames waiting to be sent", connection.id(), MAX_PENDING);
            connection.close(new io.quarkus.websockets.next.CloseReason(SLOW_CONSUMER, "slow-consumer"))
                    .subscribe().with(x -> {
                    }, x -> {
                    });
            return;
        }
        connection.sendText(frame).subscribe().with(ok -> pending.decrementAndGet(), failure -> {
            pending.decrementAndGet();
            LOG.debugf("A frame to %s was not sent: %s", connection.id(), failure.toString());
        });
    }

    static void forget(String connectionId) {
        PENDING.remove(connectionId);
    }

    public String write(Map<String, Object> frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Hands the frame to this instance's members of the room. Each is found by id in
     * {@link ChatConnections}: {@code OpenConnections.findByConnectionId} walks every open connection,
     * which at 1,000 messages/s and hundreds of sockets was most of the instance's CPU.
     */
    private void deliver(String room, String frame) {
        for (String id : members.getOrDefault(room, Set.of())) {
            ChatConnection member = open.get(id);
            if (member != null && member.socket.isOpen()) {
                send(member.socket, frame);
            }
        }
    }
}
