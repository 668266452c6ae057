package io.helpdesk.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The demo page at /: a policy that lets it run, and nothing it takes from its own URL. */
@QuarkusTest
class ChatPageTest {

    @Test
    void thePageLoadsOnlyItsOwnScriptAndStylesheetAndCallsOnlyThisServiceAndTheAuthService() {
        given().when().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("style-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self' " + authUrl() + ";"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                // Everything the policy would block: inline scripts, inline styles, event-handler attributes.
                .body(containsString("<script src=\"chat.js\"></script>"))
                .body(not(containsString("<script>")))
                .body(not(containsString("<style")))
                .body(not(containsString("style=")))
                .body(not(matchesRegex("(?s).*\\son[a-z]+=.*")));
        given().when().get("/chat.js").then().statusCode(200).contentType(containsString("javascript"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().when().get("/chat.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void thePageTakesNoAddressOrCredentialsFromItsUrl() {
        given().when().get("/chat.js").then()
                .body(not(containsString("location.search")))
                .body(not(containsString("URLSearchParams")))
                .body(not(containsString("location.hash")));
    }

    @Test
    void thePageShowsPeopleByNameAndByIdOnlyWhenNoNameIsKnown() {
        given().when().get("/chat.js").then().statusCode(200)
                // Names learnt from the frames: the welcome, each message's sender, presence members, typing.
                .body(containsString("learn(me, frame.name)"))
                .body(containsString("learn(frame.sender, frame.senderName)"))
                .body(containsString("learn(member.id, member.name)"))
                .body(containsString("learn(frame.userId, frame.name)"))
                .body(containsString("const nameOf = id => names.get(id) || id;"))
                // Shown as text, never as markup: a display name is the user's own input.
                .body(containsString("li.textContent = nameOf(member.id)"))
                .body(containsString("$('typing').textContent = nameOf(frame.userId)"))
                .body(not(containsString("innerHTML")));
    }

    @Test
    void thePageSaysWhyWhenItCannotLogInOrConnect() {
        given().when().get("/chat.js").then().statusCode(200)
                // A refused or unreachable login (a CORS refusal is a network error to the script), a wrong
                // password, a socket that closes before the welcome or later: each is shown, as an alert.
                .body(containsString("Cannot reach the sign-in service at "))
                .body(containsString("is this origin in its CORS_ORIGINS?"))
                .body(containsString("Wrong email or password."))
                .body(containsString("Cannot connect to the chat at "))
                .body(containsString("Disconnected ("))
                .body(containsString("addEventListener('unhandledrejection'"));
        given().when().get("/").then().body(containsString("<div id=\"status\" role=\"status\" aria-live=\"assertive\">"));
        given().when().get("/chat.css").then().body(containsString("#status.error"));
    }

    @Test
    void thePageLearnsWhereToLogInFromTheServicesConfiguration() {
        given().when().get("/v1/chat/page").then().statusCode(200)
                .body("authUrl", equalTo(authUrl()));
    }

    /** In the tests, the auth-service stand-in's address (from AUTH_URL, unless CHAT_PAGE_AUTH_URL is set). */
    private static String authUrl() {
        return ConfigProvider.getConfig().getValue("chat.page.auth-url", String.class);
    }
}
