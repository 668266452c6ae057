package io.helpdesk.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A room's history pages backwards by sequence number, with RFC 8288 links to the older and the newest messages. */
@QuarkusTest
class HistoryPagingTest {

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void historyLinksToOlderMessagesAndBackToTheNewestKeepingTheLimit() {
        String a = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "b-" + UUID.randomUUID().toString().substring(0, 8);
        String room = "dm:" + (a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a);
        JsonPath frame = null;
        try (ChatClient alice = ChatClient.connect(ws(), token(a))) {
            alice.send(Map.of("type", "join", "room", room));
            alice.next("joined");
            for (int i = 1; i <= 5; i++) {
                alice.send(Map.of("type", "message", "room", room, "clientId", "p-" + i, "text", "Message " + i));
                JsonPath echo = alice.next("message");
                frame = i == 1 ? echo : frame;
            }
        }
        String path = "/v1/chat/rooms/" + room + "/messages";
        String reader = token(b);
        // The links repeat the path as the request spelt it (rest-assured escapes the colons).
        String linked = path.replace(":", "%3A");
        String newest = given().auth().oauth2(reader).queryParam("limit", 2).when().get(path).then().statusCode(200)
                .body("seq", equalTo(List.of(4, 5)))
                .body("at[0]", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"))
                .extract().header("Link");
        assertEquals("<" + linked + "?limit=2&before=4>; rel=\"prev\"", newest);
        // The message frame and the history give the same time.
        given().auth().oauth2(reader).queryParam("before", 2).when().get(path).then()
                .body("at[0]", equalTo(frame.getString("at")));

        String older = given().auth().oauth2(reader).queryParam("limit", 2).queryParam("before", 4).when().get(path)
                .then().statusCode(200).body("seq", equalTo(List.of(2, 3))).extract().header("Link");
        assertEquals("<" + linked + "?limit=2&before=2>; rel=\"prev\", <" + linked + "?limit=2>; rel=\"last\"", older);
        // The oldest page is not full: nothing older.
        String oldest = given().auth().oauth2(reader).queryParam("limit", 2).queryParam("before", 2).when().get(path)
                .then().statusCode(200).body("seq", equalTo(List.of(1))).extract().header("Link");
        assertEquals("<" + linked + "?limit=2>; rel=\"last\"", oldest);

        given().auth().oauth2(token("intruder")).when().get(path).then().statusCode(404).header("Link", nullValue());
        given().auth().oauth2(reader).queryParam("limit", 0).when().get(path).then().statusCode(400).header("Link", nullValue());
        given().when().get(path).then().statusCode(401).header("Link", nullValue());
    }

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private static String token(String userId) {
        return TestTokens.forUser(userId).role(Roles.CUSTOMER).sign();
    }
}
