package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code retired_refresh_tokens} collection: the rotated-out refresh tokens of every session, by hash. */
@ApplicationScoped
public class RetiredRefreshTokenRepository implements PanacheMongoRepositoryBase<RetiredRefreshToken, String> {

    /**
     * Records tokens as retired; a token recorded before (two refreshes of one token racing) keeps its
     * first record.
     */
    public void record(Collection<String> hashes, String sessionId, Instant expiresAt) {
        List<RetiredRefreshToken> records = hashes.stream().map(hash -> {
            RetiredRefreshToken retired = new RetiredRefreshToken();
            retired.hash = hash;
            retired.sessionId = sessionId;
            retired.expiresAt = expiresAt;
            return retired;
        }).toList();
        try {
            mongoCollection().insertMany(records, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null
                    || e.getWriteErrors().stream().anyMatch(error -> error.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    /** Whether this session once had a refresh token with this hash. */
    public boolean retiredFrom(String sessionId, String hash) {
        return mongoCollection().countDocuments(of(sessionId, hash)) > 0;
    }

    public static Bson of(String sessionId, String hash) {
        return Filters.and(Filters.eq("_id", hash), Filters.eq("sessionId", sessionId));
    }

    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(expired(now)).getDeletedCount();
    }

    /** The tokens whose record expired before {@code now}. */
    public static Bson expired(Instant now) {
        return Filters.lt("expiresAt", now);
    }
}
