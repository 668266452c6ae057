package io.helpdesk.ticket.ticket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * {@code Idempotency-Key} for creating tickets: the key is reserved with the id of the ticket it will
 * create before the ticket is written, so a retry (even after a crash in between) yields that same
 * ticket and never a second one. Keys are remembered for a day, per caller.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Duration KEEP = Duration.ofDays(1);

    private final MongoCollection<Document> keys;

    public IdempotencyKeys(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.keys = mongo.getDatabase(database).getCollection("idempotency_keys");
    }

    /** Its indexes, as {@link TicketIndexes#IDEMPOTENCY_KEYS} declares them (the TTL one). */
    void indexes(@Observes StartupEvent started) {
        keys.createIndexes(TicketIndexes.IDEMPOTENCY_KEYS);
    }

    /** The filter of the hourly clean-up: the keys whose time is up. */
    static Bson expired(Instant now) {
        return Filters.lt("expiresAt", now);
    }

    /** The ticket id this request should create or return; 422 when the key was used for another request. */
    public String reserve(String callerId, String key, Object request) {
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new ProblemException(400, "Idempotency-Key must be 1 to 200 visible ASCII characters.");
        }
        String id = callerId + ":" + key;
        String fingerprint = fingerprint(request);
        Instant now = Instant.now();
        String ticketId = UUID.randomUUID().toString();
        try {
            keys.insertOne(new Document("_id", id).append("ticketId", ticketId).append("fingerprint", fingerprint)
                    .append("createdAt", now).append("expiresAt", now.plus(KEEP)));
            return ticketId;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document existing = keys.find(Filters.eq("_id", id)).first();
        if (existing == null) {
            throw new ProblemException(409, "This Idempotency-Key is being used by a request in progress; retry.");
        }
        if (!fingerprint.equals(existing.getString("fingerprint"))) {
            throw new ProblemException(422, "This Idempotency-Key was already used for a different request.");
        }
        return existing.getString("ticketId");
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteExpired() {
        keys.deleteMany(expired(Instant.now()));
    }

    private static String fingerprint(Object request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
