package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Callers of every role, and the requests the ticket tests repeat. */
final class TicketApi {

    private TicketApi() {
    }

    record Person(String id, String role, String token) {
        RequestSpecification as() {
            return given().auth().oauth2(token);
        }
    }

    static Person person(String role) {
        String id = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Person(id, role, TestTokens.forUser(id).role(role).sign());
    }

    static Person customer() {
        return person(Roles.CUSTOMER);
    }

    static Person agent() {
        return person(Roles.AGENT);
    }

    static Person admin() {
        return person(Roles.ADMIN);
    }

    static Response open(Person who, String subject) {
        return open(who, Map.of("subject", subject, "description", "Details of " + subject));
    }

    static Response open(Person who, Map<String, Object> body) {
        return who.as().contentType(ContentType.JSON).body(body).when().post("/v1/ticket");
    }

    static String openId(Person who, String subject) {
        return open(who, subject).then().statusCode(201).extract().path("id");
    }

    static Response reply(Person who, String id, String text, boolean internal) {
        return who.as().contentType(ContentType.JSON).body(Map.of("text", text, "internal", internal))
                .when().put("/v1/ticket/" + id);
    }

    static Response patch(Person who, String id, Map<String, Object> changes) {
        return who.as().contentType(ContentType.JSON).body(changes).when().patch("/v1/ticket/" + id);
    }

    /** The ticket events about one ticket, oldest first: each a map of id, type and envelope. */
    static List<Map<String, String>> events(String ticketId) {
        return TestStreams.entries(Channels.TICKETS_STREAM).stream()
                .filter(p -> p.get("envelope").contains("\"subject\":\"" + ticketId + "\""))
                .toList();
    }

    static List<String> eventTypes(String ticketId) {
        return events(ticketId).stream().map(e -> e.get("type")).toList();
    }
}
