package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ReconfiguredAuthProfile.class)
class KeyRotationTest {

    @Test
    void afterARotationBothKeysArePublishedAndNewTokensUseTheNewOne() {
        given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", contains(TestTokens.KEY_ID, ReconfiguredAuthProfile.PREVIOUS_KID));

        String access = AuthApi.tokens(AuthApi.newCustomer()).access();
        String header = new String(Base64.getUrlDecoder().decode(access.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + TestTokens.KEY_ID + "\""), header);
    }
}
