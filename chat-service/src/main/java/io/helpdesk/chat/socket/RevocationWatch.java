package io.helpdesk.chat.socket;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.security.Revocation;
import io.helpdesk.platform.security.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Open sockets obey revocation: a token, session or user revoked anywhere is announced on
 * {@link Channels#REVOCATIONS_CHANNEL}, and every instance closes the sockets it refuses at once with
 * {@link #REVOKED}. A periodic check of every socket's token against the revocation lines is the
 * backstop for an announcement missed while Redis was away.
 */
@ApplicationScoped
public class RevocationWatch {

    /** Close code for a socket whose token was revoked (logout, session ended, password reset, role change, disabled). */
    public static final short REVOKED = 4003;

    private static final Logger LOG = Logger.getLogger(RevocationWatch.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(RevocationWatch.class);

    private final ReactiveRedisDataSource redis;
    private final ChatConnections connections;
    private final TokenVerifier verifier;
    private final Frames frames;
    private final Counter revoked;
    private final Attempts attempts;

    public RevocationWatch(ReactiveRedisDataSource redis, ChatConnections connections, TokenVerifier verifier,
            Frames frames, MeterRegistry metrics, Attempts attempts) {
        this.attempts = attempts;
        this.redis = redis;
        this.connections = connections;
        this.verifier = verifier;
        this.frames = frames;
        this.revoked = Counter.builder("helpdesk.chat.sockets_revoked")
                .description("Chat sockets closed because their token, session or user was revoked")
                .register(metrics);
    }

    void subscribe(@Observes StartupEvent started) {
        redis.pubsub(String.class).subscribe(Channels.REVOCATIONS_CHANNEL)
                .onCompletion().failWith(() -> new IllegalStateException("Redis ended the subscription"))
                // Once the service stops, the Redis client closing under the subscription is no outage.
                .onFailure(e -> !attempts.stopping()).invoke(e -> THROTTLED.warnf("revocations-stopped",
                        "Revocation announcements stopped (%s); subscribing again", e.toString()))
                .onFailure(e -> !attempts.stopping()).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely()
                .subscribe().with(this::announced,
                        ended -> LOG.debugf("Revocation announcements ended with the service: %s", ended));
    }

    void announced(String message) {
        Revocation revocation = Revocation.decode(message);
        if (revocation == null) {
            return;
        }
        for (Map.Entry<String, ChatConnection> open : connections.all().entrySet()) {
            if (open.getValue().token().refusedBy(revocation)) {
                revoke(open.getKey());
            }
        }
    }

    /** The backstop: every socket's token checked against the revocation lines. */
    @Scheduled(every = "${chat.revocation-check:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recheck() {
        for (Map.Entry<String, ChatConnection> open : connections.all().entrySet()) {
            try {
                if (!verifier.stillValid(open.getValue().token())) {
                    revoke(open.getKey());
                }
            } catch (RuntimeException e) {
                // Redis away: the next round (or the announcement) will do it.
                LOG.debugf("Revocation check skipped: %s", e.toString());
                return;
            }
        }
    }

    private void revoke(String connectionId) {
        revoked.increment();
        connections.close(connectionId, REVOKED, "token-revoked",
                frames.error("token-revoked", "The session ended or the token was revoked; log in again."));
    }
}
