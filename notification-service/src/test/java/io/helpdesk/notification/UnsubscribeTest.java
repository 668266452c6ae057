package io.helpdesk.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.helpdesk.notification.preference.PreferenceRepository;
import io.helpdesk.notification.preference.Preferences;
import io.helpdesk.notification.preference.UnsubscribeLinks;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The signed link in a mail: opening it only asks (a link scanner or preview opts nobody out); the
 * one-click POST of RFC 8058, or the page's button, opts out.
 */
@QuarkusTest
class UnsubscribeTest {

    @Inject
    Preferences preferences;

    @Inject
    PreferenceRepository preferenceRepository;

    @Inject
    UnsubscribeLinks links;

    @Test
    void openingTheLinkShowsAConfirmationPageAndChangesNothing() {
        String userId = UUID.randomUUID().toString();
        String link = pathOf(links.unsubscribeUrl(userId));

        given().urlEncodingEnabled(false).when().get(link).then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("form-action 'self'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .body(containsString("<form method=\"post\" action=\"" + link.replace("&", "&amp;") + "\">"))
                .body(not(containsString("style=")))
                .body(not(containsString("<script")));

        assertTrue(preferenceRepository.findByIdOptional(userId).isEmpty(), "no preference written by a GET");
        assertTrue(preferences.wants(userId));
    }

    @Test
    void theOneClickPostUnsubscribes() {
        String userId = UUID.randomUUID().toString();
        String link = pathOf(links.unsubscribeUrl(userId));

        given().urlEncodingEnabled(false).contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click")
                .when().post(link).then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("Unsubscribed"));

        assertFalse(preferenceRepository.findByIdOptional(userId).orElseThrow().ticketMail);
        assertFalse(preferences.wants(userId));
    }

    @Test
    void aLinkWithABadSignatureIsRefusedEitherWay() {
        String userId = UUID.randomUUID().toString();
        given().queryParam("u", userId).queryParam("s", "forged").when().get("/v1/notifications/unsubscribe").then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
        given().queryParam("u", userId).queryParam("s", "forged").when().post("/v1/notifications/unsubscribe").then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
        assertTrue(preferenceRepository.findByIdOptional(userId).isEmpty());
    }

    @Test
    void theUserIdIsEscapedInThePage() {
        String userId = "\"><script>alert(1)</script>";
        given().urlEncodingEnabled(false).when().get(pathOf(links.unsubscribeUrl(userId))).then().statusCode(200)
                .body(not(containsString("<script>alert")));
    }

    private static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
