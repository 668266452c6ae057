package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AnnounceTest {

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Test
    void everyAccountIsAnnouncedOnceAsItIsNow() {
        String admin = AuthApi.adminTokens().access();
        AuthApi.Account disabled = AuthApi.newCustomer();
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + disabled.id() + "/disable").then().statusCode(200);
        String invited = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("invitee"), "name", "Invitee", "role", Roles.AGENT))
                .when().post("/v1/admin/users").then().statusCode(201).extract().path("id");
        AuthApi.Account unverified = AuthApi.registerUnverified(AuthApi.uniqueEmail("unproven"), AuthApi.strongPassword());

        Map<String, Long> versions = new HashMap<>();
        for (Document user : mongo.getDatabase("auth").getCollection("users").find()) {
            versions.put(user.getString("_id"), user.getLong("version"));
        }
        int before = TestStreams.entries(Channels.USERS_STREAM).size();

        int announced = given().auth().oauth2(admin).when().post("/v1/admin/users/announce").then().statusCode(202)
                .extract().path("announced");

        assertEquals(versions.size(), announced);
        List<Map<String, String>> after = TestStreams.entries(Channels.USERS_STREAM);
        Map<String, UserEvents.Payload> payloads = new HashMap<>();
        Set<String> subjects = new HashSet<>();
        int updates = 0;
        for (Map<String, String> entry : after.subList(before, after.size())) {
            if (!EventType.USER_UPDATED.wireName().equals(entry.get("type"))) {
                continue;
            }
            updates++;
            EventEnvelope envelope = Envelopes.read(json, entry.get("envelope"));
            subjects.add(envelope.subject());
            assertEquals(versions.get(envelope.subject()).longValue(), envelope.version(), "the account's current version");
            payloads.put(envelope.subject(), Envelopes.payload(json, envelope, UserEvents.Payload.class));
        }
        assertEquals(announced, updates, "one UserUpdated per account");
        assertEquals(versions.keySet(), subjects);
        assertEquals("DISABLED", payloads.get(disabled.id()).status());
        assertEquals("INVITED", payloads.get(invited).status());
        assertEquals(Boolean.FALSE, payloads.get(invited).emailVerified());
        assertEquals(Boolean.FALSE, payloads.get(unverified.id()).emailVerified());
        assertEquals(null, payloads.get(invited).otpSealed(), "an announcement carries no invitation");
        given().auth().oauth2(admin).queryParam("type", "USERS_ANNOUNCED").when().get("/v1/admin/audit").then()
                .statusCode(200).body("items.detail", org.hamcrest.Matchers.hasItem(announced + " accounts"));
    }

    @Test
    void onlyAdministratorsAnnounce() {
        given().when().post("/v1/admin/users/announce").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        for (String role : new String[] { Roles.CUSTOMER, Roles.AGENT, Roles.SERVICE }) {
            given().auth().oauth2(TestTokens.forUser("u-" + role).role(role).sign())
                    .when().post("/v1/admin/users/announce").then().statusCode(403);
        }
    }
}
