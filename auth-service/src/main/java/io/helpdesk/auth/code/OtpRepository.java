package io.helpdesk.auth.code;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code otps} collection: one live code per purpose and account, keyed as {@link OneTimeCodes} says. */
@ApplicationScoped
public class OtpRepository implements PanacheMongoRepositoryBase<Otp, String> {

    /**
     * Counts one try of the code in a single atomic update, before anything is compared, so
     * concurrent guesses cannot exceed the limit. Returns the code as it was before the count, or null
     * when there is no code that is still alive and has tries left.
     */
    public Document countTry(String key, Instant now, int maxAttempts) {
        return documents().findOneAndUpdate(live(key, now, maxAttempts), Updates.inc("attempts", 1));
    }

    /** The code under the key while it is alive and has tries left. */
    public static Bson live(String key, Instant now, int maxAttempts) {
        return Filters.and(Filters.eq("_id", key), Filters.gt("expiresAt", now), Filters.lt("attempts", maxAttempts));
    }

    /** Takes back one counted try of the code, if it is still the code with this hash. */
    public void giveBackTry(String key, String hash) {
        documents().updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("hash", hash)),
                Updates.inc("attempts", -1));
    }

    /** Deletes the code if it is still the one with this hash; true for the caller that deleted it. */
    public boolean deleteIfCurrent(String key, String hash) {
        return documents().deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("hash", hash)))
                .getDeletedCount() > 0;
    }

    /** Deletes the codes that expired before {@code now} and have no event left to publish. */
    public long deleteExpired(Instant now) {
        return documents().deleteMany(expired(now)).getDeletedCount();
    }

    /** The codes that expired before {@code now} and have no event left to publish. */
    public static Bson expired(Instant now) {
        return Filters.and(Filters.lt("expiresAt", now), Filters.size("outbox", 0));
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }
}
