package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.ThrownExceptions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The routes a client calls all day make no exception on their way: an exception made on every request costs
 * it the stack trace of the whole request (smallrye-jwt's lookup of the {@code sid} claim threw and caught one
 * on every authenticated request, a quarter of what {@code GET /v1/user} allocated). Each route is called a
 * few times first, so what a first call does once (a class loaded, a cache filled) is not counted.
 */
@QuarkusTest
class ExceptionFreeRequestsTest {

    private static final int CALLS = 5;

    @Test
    void anAuthenticatedRequestMakesNoException() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        profile(tokens.access());

        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            profile(tokens.access());
            ThrownExceptions.collectGarbage(); // as may come in any window

            assertEquals(List.of(), thrown.onServiceThreads());
        }
    }

    @Test
    void aLoginAndARefreshMakeNoException() {
        AuthApi.Account account = AuthApi.newCustomer();
        String refresh = AuthApi.tokens(account).refresh();
        refresh = refreshes(refresh);

        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            AuthApi.login(account.email(), account.password()).then().statusCode(200);
            refreshes(refresh);
            ThrownExceptions.collectGarbage();

            assertEquals(List.of(), thrown.onServiceThreads());
        }
    }

    private static void profile(String access) {
        for (int i = 0; i < CALLS; i++) {
            given().auth().oauth2(access).when().get("/v1/user").then().statusCode(200);
        }
    }

    private static String refreshes(String refresh) {
        for (int i = 0; i < CALLS; i++) {
            refresh = AuthApi.refresh(refresh).then().statusCode(200).extract().path("refreshToken");
        }
        return refresh;
    }
}
