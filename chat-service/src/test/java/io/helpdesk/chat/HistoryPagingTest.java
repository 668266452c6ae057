package io.helpdesk.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A room's history pages by cursor from the newest messages back to the first, each page oldest first,
 * with RFC 8288 links to the first page and the next (older) one.
 */
@QuarkusTest
class HistoryPagingTest {

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void historyPagesFromTheNewestBackToTheFirstEveryMessageOnceEvenWhenMessagesComeMeanwhile() {
        String a = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "b-" + UUID.randomUUID().toString().substring(0, 8);
        String room = Rooms.directRoom(a, b);
        String path = "/v1/chat/rooms/" + room + "/messages";
        // The links repeat the path as the request spelt it (rest-assured escapes the colons).
        String linked = path.replace(":", "%3A") + "?size=2";
        String reader = token(b);
        List<List<Integer>> pages = new ArrayList<>();
        JsonPath frame = null;
        try (ChatClient alice = ChatClient.connect(ws(), token(a))) {
            alice.join(room);
            for (int i = 1; i <= 5; i++) {
                alice.send(Map.of("type", "message", "room", room, "clientId", "p-" + i, "text", "Message " + i));
                JsonPath echo = alice.next("message");
                frame = i == 1 ? echo : frame;
            }
            String cursor = null;
            do {
                ExtractableResponse<Response> page = page(reader, path, cursor);
                pages.add(page.path("items.seq"));
                String next = page.path("next");
                String first = "<" + linked + ">; rel=\"first\"";
                assertEquals(next == null ? first : first + ", <" + linked + "&cursor=" + next + ">; rel=\"next\"",
                        page.header("Link"));
                if (pages.size() == 1) {
                    // A newer message meanwhile: the older pages neither repeat nor skip one.
                    alice.send(Map.of("type", "message", "room", room, "clientId", "p-6", "text", "Message 6"));
                    alice.next("message");
                }
                cursor = next;
            } while (cursor != null);
        }
        assertEquals(List.of(List.of(4, 5), List.of(2, 3), List.of(1)), pages);
        // The first page again: the newest, with the message that came meanwhile.
        given().auth().oauth2(reader).queryParam("size", 2).when().get(path).then().statusCode(200)
                .body("items.seq", equalTo(List.of(5, 6))).body("total", nullValue())
                .body("items.at[0]", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        // The message frame and the history give the same time.
        given().auth().oauth2(reader).when().get(path).then().statusCode(200).body("items.seq[0]", equalTo(1))
                .body("items.at[0]", equalTo(frame.getString("at"))).body("next", nullValue());
    }

    @Test
    void theRetiredParametersAForeignCursorAndCallersWhoMayNotReadAreRefused() {
        String room = "dm:a-x:b-y";
        String path = "/v1/chat/rooms/" + room + "/messages";
        String reader = token("a-x");
        given().auth().oauth2(reader).queryParam("before", 4).when().get(path).then().statusCode(400)
                .body("errors[0].field", equalTo("before")).body("errors[0].detail", equalTo("replaced by cursor"))
                .header("Link", nullValue());
        given().auth().oauth2(reader).queryParam("limit", 2).when().get(path).then().statusCode(400)
                .body("errors[0].field", equalTo("limit")).body("errors[0].detail", equalTo("replaced by size"));
        for (String cursor : List.of("not a cursor!", "bm90LWJzb24", "x".repeat(513),
                Keyset.encode(Keyset.Order.descending("chat-messages", "seq"),
                        new Keyset.Position("text", "m1")),
                Keyset.encode(Keyset.Order.ascending("chat-messages", "seq"),
                        new Keyset.Position(3L, "m1")),
                // Another list sorted alike, and a forged id that would be an operator in the filter.
                Keyset.encode(Keyset.Order.descending("ticket-messages", "seq"),
                        new Keyset.Position(3L, "m1")),
                Keyset.encode(Keyset.Order.descending("chat-messages", "seq"),
                        new Keyset.Position(3L, new org.bson.Document("$gt", ""))))) {
            given().auth().oauth2(reader).queryParam("cursor", cursor).when().get(path).then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        given().auth().oauth2(reader).queryParam("size", 0).when().get(path).then().statusCode(400).header("Link", nullValue());
        given().auth().oauth2(token("intruder")).when().get(path).then().statusCode(404).header("Link", nullValue());
        given().when().get(path).then().statusCode(401).header("Link", nullValue());
    }

    private static ExtractableResponse<Response> page(String token, String path, String cursor) {
        var request = given().auth().oauth2(token).queryParam("size", 2);
        return (cursor == null ? request : request.queryParam("cursor", cursor)).when().get(path).then().statusCode(200)
                .extract();
    }

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private static String token(String userId) {
        return TestTokens.forUser(userId).role(Roles.CUSTOMER).sign();
    }
}
