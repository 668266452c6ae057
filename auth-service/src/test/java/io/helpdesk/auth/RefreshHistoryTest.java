package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What a session keeps of the refresh tokens it rotated out: each in its own document, so the session
 * stays the same size however often it is refreshed, and every one of them still ends the session when
 * it comes back.
 */
@QuarkusTest
class RefreshHistoryTest {

    @Inject
    MongoClient mongo;

    @Test
    void aSessionStaysTheSameSizeHoweverOftenItIsRefreshedAndItsFirstTokenStillEndsIt() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens first = AuthApi.tokens(account);
        String sessionId = AuthApi.sessionId(first);
        AuthApi.Tokens current = rotate(first);
        int sizeAfterOne = sessionSize(sessionId);
        for (int i = 0; i < 30; i++) {
            current = rotate(current);
        }
        assertEquals(sizeAfterOne, sessionSize(sessionId), "the session document grew with its refreshes");
        assertEquals(31, retired().countDocuments(Filters.eq("sessionId", sessionId)));

        // The first token, 31 rotations ago, comes back: the session ends whole.
        AuthApi.refresh(first.refresh()).then().statusCode(401);
        AuthApi.refresh(current.refresh()).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(current.access()));
        AuthApi.audit("REFRESH_REUSE_DETECTED", account.id()).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void aRetiredTokenIsKeptARefreshTokenLifetimeAfterItsRetirement() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        String sessionId = AuthApi.sessionId(first);
        rotate(first);
        Document session = sessions().find(Filters.eq("_id", sessionId)).first();
        Document record = retired().find(Filters.eq("sessionId", sessionId)).first();
        assertEquals(hash(first.refresh()), record.getString("_id"));
        assertEquals(session.getDate("expiresAt"), record.getDate("expiresAt"));
        assertEquals(null, session.get("retiredHashes"), "the session holds no list of retired hashes");
    }

    @Test
    void aSessionStoredWithItsRetiredHashesInsideMovesThemAtItsNextRefresh() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        String sessionId = AuthApi.sessionId(tokens);
        String older = olderVersionRefreshedTwice(sessionId);
        // Read whole, as the session list reads it.
        given().auth().oauth2(tokens.access()).when().get("/v1/user/sessions").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(sessionId));

        AuthApi.Tokens rotated = rotate(tokens);
        assertEquals(null, sessions().find(Filters.eq("_id", sessionId)).first().get("retiredHashes"));
        assertEquals(3, retired().countDocuments(Filters.eq("sessionId", sessionId)));
        AuthApi.refresh(older).then().statusCode(401);
        AuthApi.refresh(rotated.refresh()).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(rotated.access()));
    }

    @Test
    void aHashStillInsideAnOlderSessionIsRecognisedBeforeItsNextRefresh() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        String older = olderVersionRefreshedTwice(AuthApi.sessionId(tokens));
        OAuthApi.revoke(older).then().statusCode(200);
        AuthApi.refresh(tokens.refresh()).then().statusCode(401);

        AuthApi.Tokens other = AuthApi.tokens(AuthApi.newCustomer());
        String otherOlder = olderVersionRefreshedTwice(AuthApi.sessionId(other));
        AuthApi.refresh(otherOlder).then().statusCode(401);
        AuthApi.refresh(other.refresh()).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(other.access()));
    }

    @Test
    void aRetiredTokenPresentedWithAnotherSessionsIdEndsNeither() {
        AuthApi.Tokens mine = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens theirs = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens myNext = rotate(mine);
        String secret = mine.refresh().substring(mine.refresh().indexOf('.') + 1);

        AuthApi.refresh(AuthApi.sessionId(theirs) + "." + secret).then().statusCode(401);
        assertEquals(200, AuthApi.profileStatus(theirs.access()));
        rotate(theirs);
        rotate(myNext);
    }

    /** Stores the session as an earlier version did after two refreshes; returns the newer retired token. */
    private String olderVersionRefreshedTwice(String sessionId) {
        String older = sessionId + ".an-older-secret";
        sessions().updateOne(Filters.eq("_id", sessionId),
                Updates.set("retiredHashes", List.of(hash(sessionId + ".the-oldest-secret"), hash(older))));
        return older;
    }

    @Test
    void revokingARetiredRefreshTokenEndsItsSession() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens first = AuthApi.tokens(account);
        AuthApi.Tokens rotated = rotate(first);
        OAuthApi.revoke(first.refresh()).then().statusCode(200);
        AuthApi.refresh(rotated.refresh()).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(rotated.access()));
        AuthApi.audit("SESSION_REVOKED", account.id()).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void anExpiredRetiredTokenIsOnlyInvalid() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens rotated = rotate(first);
        // What MongoDB's TTL index or the hourly sweep does once the record has expired.
        retired().deleteOne(Filters.eq("_id", hash(first.refresh())));

        AuthApi.refresh(first.refresh()).then().statusCode(401);
        // Past its record, a retired token is refused like any other string, and the session goes on.
        assertEquals(200, AuthApi.profileStatus(rotated.access()));
        rotate(rotated);
    }

    private static AuthApi.Tokens rotate(AuthApi.Tokens tokens) {
        var response = AuthApi.refresh(tokens.refresh());
        response.then().statusCode(200);
        return new AuthApi.Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    private int sessionSize(String sessionId) {
        return mongo.getDatabase("auth").getCollection("sessions", RawBsonDocument.class)
                .find(Filters.eq("_id", sessionId)).first().getByteBuffer().remaining();
    }

    private com.mongodb.client.MongoCollection<Document> sessions() {
        return mongo.getDatabase("auth").getCollection("sessions");
    }

    private com.mongodb.client.MongoCollection<Document> retired() {
        return mongo.getDatabase("auth").getCollection("retired_refresh_tokens");
    }

    /** The hash the service stores of a refresh token's secret, its part after the dot. */
    private static String hash(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.substring(refreshToken.indexOf('.') + 1).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
