package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;

import io.helpdesk.platform.contracts.EventType;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;

/** Sign-in with GitHub and with an OpenID Connect provider, against stand-ins for both over HTTP. */
@QuarkusTest
@QuarkusTestResource(ProviderStandIns.class)
class ProviderSignInTest {

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    private static long githubId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
    }

    private Document account(String email) {
        return mongo.getDatabase("auth").getCollection("users").find(new Document("email", email)).first();
    }

    @Test
    void theStartRedirectsToGitHubWithStateAndAnS256Challenge() {
        ProviderBrowser browser = new ProviderBrowser("github");
        Response start = browser.open();
        start.then().statusCode(302);
        String location = start.header("Location");
        assertTrue(location.contains("/login/oauth/authorize?"), location);
        Map<String, String> query = ProviderStandIns.form(URI.create(location).getRawQuery());
        assertEquals(ProviderStandIns.GITHUB_CLIENT, query.get("client_id"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertTrue(query.get("code_challenge").length() >= 43);
        assertTrue(query.get("state").length() >= 16);
        assertTrue(query.get("scope").contains("user:email"), query.get("scope"));
        assertFalse(query.get("scope").contains("openid"), "GitHub is OAuth 2.0: " + query.get("scope"));
        assertTrue(query.get("redirect_uri").endsWith("/v1/user/oauth/github"), query.get("redirect_uri"));
        assertTrue(browser.cookies.keySet().stream().anyMatch(name -> name.startsWith("q_auth_github")), browser.cookies.toString());
        // The client's own challenge, kept for this sign-in (its state) where scripts cannot read it.
        Cookie kept = start.getDetailedCookie("helpdesk_oauth_challenge_" + query.get("state"));
        assertEquals(ProviderBrowser.challenge(browser.verifier), kept.getValue());
        assertTrue(kept.isHttpOnly());
        assertEquals("/v1/user/oauth", kept.getPath());
        assertTrue(kept.getMaxAge() > 0 && kept.getMaxAge() <= 600, String.valueOf(kept.getMaxAge()));
    }

    @Test
    void theStartNeedsTheClientsS256Challenge() {
        String path = "/v1/user/oauth/github";
        for (String query : new String[] { "", "?code_challenge=", "?code_challenge=short",
                "?code_challenge=" + "a".repeat(42) + "%2B", "?code_challenge=" + "a".repeat(44) }) {
            Response refused = given().redirects().follow(false).urlEncodingEnabled(false).when().get(path + query);
            refused.then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("code_challenge"));
            assertNull(refused.header("Location"), query);
            assertTrue(refused.getDetailedCookies().asList().isEmpty(), "no state is kept for a refused start: " + query);
        }
        String challenge = ProviderBrowser.challenge(ProviderBrowser.verifier());
        given().redirects().follow(false).when().get(path + "?code_challenge=" + challenge + "&code_challenge_method=plain")
                .then().statusCode(400).body("errors[0].field", equalTo("code_challenge_method"));
        given().redirects().follow(false).when().get(path + "?code_challenge=" + challenge + "&code_challenge_method=S256")
                .then().statusCode(302).header("Location", containsString("/login/oauth/authorize?"));
        // A browser is told on a page.
        given().redirects().follow(false).accept("text/html,*/*;q=0.8").when().get(path)
                .then().statusCode(400).contentType(startsWith("text/html")).body(containsString("code_challenge"));
    }

    @Test
    void aStartThatAPageOfAnotherSiteSetsOffIsRefused() {
        // The attacker's page sends the victim's browser to the start with the attacker's challenge: the
        // browser marks the request cross-site, and it neither comes from the front end nor names it.
        String start = new ProviderBrowser("github").startUrl();
        for (Map<String, String> headers : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "https://attacker.test/lure"),
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "http://app.test.attacker.test/signed-in"),
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "https://app.test/signed-in"),
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "not a url"))) {
            Response refused = given().redirects().follow(false).urlEncodingEnabled(false).headers(headers).when().get(start);
            refused.then().statusCode(403).contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://helpdesk.local/problems/cross-site-sign-in"));
            assertNull(refused.header("Location"), headers.toString());
            assertTrue(refused.getDetailedCookies().asList().isEmpty(), "nothing is kept for a refused start: " + headers);
        }
        // An Origin that is not a CORS origin: Quarkus's CORS filter refuses it before the route (403, no body).
        for (Map<String, String> headers : List.of(Map.of("Sec-Fetch-Site", "cross-site", "Origin", "null"),
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://attacker.test", "Referer", "http://app.test/"))) {
            Response refused = given().redirects().follow(false).urlEncodingEnabled(false).headers(headers).when().get(start);
            refused.then().statusCode(403);
            assertNull(refused.header("Location"), headers.toString());
            assertTrue(refused.getDetailedCookies().asList().isEmpty(), "nothing is kept for a refused start: " + headers);
        }
        // A browser is told on a page.
        given().redirects().follow(false).urlEncodingEnabled(false).header("Sec-Fetch-Site", "cross-site")
                .accept("text/html,*/*;q=0.8").when().get(start)
                .then().statusCode(403).contentType(startsWith("text/html")).body(containsString("another site"));
    }

    @Test
    void aStartFromTheFrontEndTheSameSiteOrAClientThatIsNoBrowserGoesToTheProvider() {
        String start = new ProviderBrowser("github").startUrl();
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                // The completion page's origin as the Referer of a cross-site navigation (which has no Origin).
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "http://app.test/sign-in?next=%2Ftickets"),
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "http://APP.test:80/"),
                // A CORS origin (quarkus.http.cors.origins: the chat page), as the Referer or the Origin.
                Map.of("Sec-Fetch-Site", "cross-site", "Referer", "http://localhost:8085/"),
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "http://localhost:8085"),
                Map.of("Sec-Fetch-Site", "same-site"), Map.of("Sec-Fetch-Site", "same-origin"),
                Map.of("Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate"))) {
            given().redirects().follow(false).urlEncodingEnabled(false).headers(headers).when().get(start)
                    .then().statusCode(302).header("Location", containsString("/login/oauth/authorize?"));
        }
    }

    @Test
    void aSignInStartedFromTheFrontEndCompletesThoughTheProviderSendsTheBrowserBackCrossSite() {
        ProviderBrowser browser = new ProviderBrowser("github");
        browser.headers.putAll(Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Referer", "http://app.test/"));
        browser.open().then().statusCode(302);
        String email = AuthApi.uniqueEmail("crosssite");
        browser.logIn(ProviderBrowser.github(githubId(), "Cross", email, true));
        // Back from the provider's site: cross-site, with the provider's address as the Referer.
        URI provider = URI.create(browser.start.header("Location"));
        browser.headers.put("Referer", provider.getScheme() + "://" + provider.getRawAuthority() + "/");
        Response callback = browser.callback();
        callback.then().header("Referrer-Policy", "no-referrer");
        browser.exchange(ProviderBrowser.code(callback)).then().statusCode(200);
    }

    @Test
    void aCodeSentToAnotherClientIsWorthlessThereAndUsedUp() {
        // The attacker signs in with their own provider account and sends the victim the completion link.
        ProviderBrowser attacker = new ProviderBrowser("github");
        String email = AuthApi.uniqueEmail("attacker");
        String code = ProviderBrowser.code(attacker.signIn(ProviderBrowser.github(githubId(), "Mallory", email, true)));
        // The victim's front end exchanges it with the verifier of a sign-in it started itself: refused, and the
        // code is gone, so the attacker cannot use it either.
        Response victim = ProviderBrowser.exchange(code, ProviderBrowser.verifier());
        victim.then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("codeVerifier"));
        attacker.exchange(code).then().statusCode(400).body("errors[0].field", equalTo("code"));
        String id = account(email).getString("_id");
        AuthApi.audit("LOGIN_FAILED", id).then().statusCode(200)
                .body("items.detail", hasItem("github: code presented without the verifier of the client that started the sign-in"));
        AuthApi.audit("LOGIN_SUCCEEDED", id).then().statusCode(200).body("items.detail", empty());
    }

    @Test
    void aMissingOrMalformedVerifierLeavesTheCodeToItsClient() {
        ProviderBrowser browser = new ProviderBrowser("github");
        String code = ProviderBrowser.code(browser.signIn(ProviderBrowser.github(githubId(), "V", AuthApi.uniqueEmail("v"), true)));
        given().contentType("application/json").body(Map.of("code", code)).when().post("/v1/user/oauth/exchange")
                .then().statusCode(400).body("errors.field", hasItem("codeVerifier"));
        ProviderBrowser.exchange(code, "short").then().statusCode(400).body("errors.field", hasItem("codeVerifier"));
        ProviderBrowser.exchange(code, browser.verifier + "\u0000").then().statusCode(400);
        // Refused as malformed before the code was looked at: the client that started the sign-in still can.
        browser.exchange(code).then().statusCode(200);
    }

    @Test
    void aCallbackWithoutTheChallengeCookieIssuesNoCode() {
        ProviderBrowser browser = new ProviderBrowser("github");
        browser.open();
        String email = AuthApi.uniqueEmail("nochallenge");
        String callbackUrl = browser.logIn(ProviderBrowser.github(githubId(), "Nora", email, true));
        browser.cookies.keySet().removeIf(name -> name.startsWith("helpdesk_oauth_challenge_"));
        Response callback = browser.callback(callbackUrl);
        callback.then().statusCode(401).contentType(startsWith("application/problem+json"));
        assertNull(callback.header("Location"));
        assertNull(account(email), "no account is created for a sign-in no client can redeem");
    }

    @Test
    void aNewGitHubUserBecomesAVerifiedCustomerWhoseTokensWorkLikeALogins() {
        String email = AuthApi.uniqueEmail("octo");
        AuthApi.Tokens tokens = new ProviderBrowser("github").tokens(ProviderBrowser.github(githubId(), "Octo Cat", email, true));

        String id = given().auth().oauth2(tokens.access()).when().get("/v1/user").then().statusCode(200)
                .body("email", equalTo(email)).body("name", equalTo("Octo Cat")).body("role", equalTo("CUSTOMER"))
                .extract().path("id");
        Document stored = account(email);
        assertEquals(Boolean.TRUE, stored.getBoolean("emailVerified"));
        assertNull(stored.get("passwordHash"), "no password until one is set by a reset");
        assertEquals("github", stored.getList("identities", Document.class).get(0).getString("provider"));
        assertTrue(stored.get("lastLoginAt") != null);
        assertEquals(1, AuthApi.userEvents(redis, EventType.USER_REGISTERED.wireName(), id).size());
        AuthApi.audit("LOGIN_SUCCEEDED", id).then().statusCode(200).body("items.detail", hasItem("with github"));
        AuthApi.audit("USER_REGISTERED", id).then().statusCode(200).body("items.detail", hasItem("with github"));

        // Refresh rotates, logout ends the session and every token of it, as for a password login.
        Response refreshed = AuthApi.refresh(tokens.refresh());
        refreshed.then().statusCode(200);
        String access = refreshed.path("accessToken");
        given().auth().oauth2(access).when().delete("/v1/user/logout").then().statusCode(204);
        assertEquals(401, AuthApi.profileStatus(access));
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        AuthApi.refresh(refreshed.path("refreshToken")).then().statusCode(401);
        // No password login for it: it has none.
        AuthApi.login(email, "any-password-at-all-1").then().statusCode(401);
    }

    @Test
    void anExistingAccountIsLinkedByAVerifiedEmailAndFoundByTheLinkAfterTheEmailChanges() {
        AuthApi.Account account = AuthApi.newCustomer();
        long githubId = githubId();
        AuthApi.Tokens tokens = new ProviderBrowser("github").tokens(ProviderBrowser.github(githubId, "Someone Else", account.email(), true));
        given().auth().oauth2(tokens.access()).when().get("/v1/user").then().statusCode(200)
                .body("id", equalTo(account.id())).body("name", equalTo("Ada Lovelace"));
        AuthApi.audit("IDENTITY_LINKED", account.id()).then().statusCode(200).body("items.detail", hasItem("github"));
        // The password still works, and the link holds when the address at GitHub changes.
        AuthApi.login(account.email(), account.password()).then().statusCode(200);
        AuthApi.Tokens later = new ProviderBrowser("github")
                .tokens(ProviderBrowser.github(githubId, "Someone Else", AuthApi.uniqueEmail("moved"), true));
        given().auth().oauth2(later.access()).when().get("/v1/user").then().statusCode(200).body("id", equalTo(account.id()));
        assertEquals(1, account(account.email()).getList("identities", Document.class).size());
    }

    @Test
    void anUnverifiedGitHubEmailNeverTakesOverAnExistingAccount() {
        AuthApi.Account account = AuthApi.newCustomer();
        Response callback = new ProviderBrowser("github").signIn(ProviderBrowser.github(githubId(), "Mallory", account.email(), false));
        callback.then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://helpdesk.local/problems/provider-email-unverified"));
        assertNull(callback.header("Location"));
        assertNull(account(account.email()).get("identities"));
        // Nor does it start an account for an address nobody proved.
        String fresh = AuthApi.uniqueEmail("unproven");
        new ProviderBrowser("github").signIn(ProviderBrowser.github(githubId(), "Mallory", fresh, false)).then().statusCode(403);
        assertNull(account(fresh));
    }

    @Test
    void aBrowserIsToldWhyOnAPage() {
        AuthApi.Account account = AuthApi.newCustomer();
        ProviderBrowser browser = new ProviderBrowser("github");
        browser.open();
        String callbackUrl = browser.logIn(ProviderBrowser.github(githubId(), "Mallory", account.email(), false));
        given().redirects().follow(false).urlEncodingEnabled(false).cookies(browser.cookies).accept("text/html,*/*;q=0.8")
                .when().get(callbackUrl)
                .then().statusCode(403).contentType(startsWith("text/html")).body(containsString("no verified email address"));
    }

    @Test
    void aSelfSignUpThatNeverVerifiedIsVerifiedByTheLinkAndLosesItsPassword() {
        AuthApi.Account squatted = AuthApi.registerUnverified(AuthApi.uniqueEmail("squatted"), AuthApi.strongPassword());
        AuthApi.Tokens tokens = new ProviderBrowser("github").tokens(ProviderBrowser.github(githubId(), "Owner", squatted.email(), true));
        given().auth().oauth2(tokens.access()).when().get("/v1/user").then().statusCode(200).body("id", equalTo(squatted.id()));
        AuthApi.login(squatted.email(), squatted.password()).then().statusCode(401);
        assertEquals(Boolean.TRUE, account(squatted.email()).getBoolean("emailVerified"));
    }

    @Test
    void disabledAndDeletedAccountsAreRefused() {
        String admin = AuthApi.adminTokens().access();
        AuthApi.Account disabled = AuthApi.newCustomer();
        long githubId = githubId();
        new ProviderBrowser("github").tokens(ProviderBrowser.github(githubId, "Linked", disabled.email(), true));
        given().auth().oauth2(admin).contentType("application/json").when().post("/v1/admin/users/" + disabled.id() + "/disable")
                .then().statusCode(200);
        // Found by its link, and by its address.
        new ProviderBrowser("github").signIn(ProviderBrowser.github(githubId, "Linked", disabled.email(), true))
                .then().statusCode(403).body("type", equalTo("https://helpdesk.local/problems/account-unavailable"));
        new ProviderBrowser("acme").signIn(ProviderBrowser.oidc("sub-" + githubId, "Linked", disabled.email(), true))
                .then().statusCode(403).body("type", equalTo("https://helpdesk.local/problems/account-unavailable"));

        AuthApi.Account deleted = AuthApi.newCustomer();
        given().auth().oauth2(admin).when().delete("/v1/admin/users/" + deleted.id()).then().statusCode(204);
        new ProviderBrowser("github").signIn(ProviderBrowser.github(githubId(), "Gone", deleted.email(), true))
                .then().statusCode(403);
        AuthApi.audit("LOGIN_FAILED", deleted.id()).then().statusCode(200).body("items.detail", hasItem("github: account DELETED"));
    }

    @Test
    void aDisabledAccountGetsNoTokensForACodeIssuedBefore() {
        AuthApi.Account account = AuthApi.newCustomer();
        ProviderBrowser browser = new ProviderBrowser("github");
        String code = ProviderBrowser.code(browser.signIn(ProviderBrowser.github(githubId(), "A", account.email(), true)));
        given().auth().oauth2(AuthApi.adminTokens().access()).contentType("application/json")
                .when().post("/v1/admin/users/" + account.id() + "/disable").then().statusCode(200);
        browser.exchange(code).then().statusCode(403);
    }

    @Test
    void aTamperedStateGetsNoTokens() {
        ProviderBrowser browser = new ProviderBrowser("github");
        browser.open();
        String callbackUrl = browser.logIn(ProviderBrowser.github(githubId(), "Eve", AuthApi.uniqueEmail("eve"), true));
        String state = ProviderStandIns.form(URI.create(callbackUrl).getRawQuery()).get("state");
        // No state cookie of that name: this callback belongs to no sign-in this browser started; refused,
        // and it starts none. The code in it is never exchanged.
        Response tampered = browser.callback(callbackUrl.replace("state=" + state, "state=x" + state.substring(1)));
        tampered.then().statusCode(401).contentType(startsWith("application/problem+json"));
        assertNull(tampered.header("Location"));
        // The state cookie of this sign-in, presented with another state: refused.
        String cookie = browser.cookies.keySet().stream().filter(name -> name.endsWith(state)).findFirst().orElseThrow();
        Response swapped = given().redirects().follow(false).urlEncodingEnabled(false)
                .cookie(cookie.replace(state, "x" + state.substring(1)), browser.cookies.get(cookie))
                .when().get(callbackUrl.replace("state=" + state, "state=x" + state.substring(1)));
        swapped.then().statusCode(401).contentType(startsWith("application/problem+json"));
        assertNull(swapped.header("Location"));
        // The real callback still completes: nothing was issued for the tampered ones.
        ProviderBrowser.code(browser.callback(callbackUrl));
    }

    @Test
    void aReplayedCallbackGetsNoTokens() {
        ProviderBrowser browser = new ProviderBrowser("github");
        browser.open();
        String callbackUrl = browser.logIn(ProviderBrowser.github(githubId(), "Rex", AuthApi.uniqueEmail("replay"), true));
        Map<String, String> before = Map.copyOf(browser.cookies);
        String code = ProviderBrowser.code(browser.callback());
        assertFalse(browser.cookies.keySet().stream().anyMatch(name -> name.startsWith("q_session")),
                "no provider session is left in the browser: " + browser.cookies);

        // The same callback again, with the cookies the browser had then, and with those it has now.
        // Then the provider refuses the used code: 401. Now the state cookie is gone: the callback is no
        // sign-in this browser started; 401 too, and nothing begins at the provider.
        Response again = given().redirects().follow(false).urlEncodingEnabled(false).cookies(before).when().get(callbackUrl);
        again.then().statusCode(401).contentType(startsWith("application/problem+json"));
        assertNull(again.header("Location"));
        assertFalse(browser.cookies.keySet().stream().anyMatch(name -> name.startsWith("helpdesk_oauth_challenge_")),
                "the challenge cookie is used up with the callback: " + browser.cookies);
        Response withoutState = browser.callback(callbackUrl);
        withoutState.then().statusCode(401).contentType(startsWith("application/problem+json"));
        assertNull(withoutState.header("Location"));
        // The first code still works once.
        browser.exchange(code).then().statusCode(200);
    }

    @Test
    void aSignInCodeWorksOnceAndOnlyForWhatItIs() {
        ProviderBrowser browser = new ProviderBrowser("github");
        String code = ProviderBrowser.code(browser.signIn(ProviderBrowser.github(githubId(), "Once", AuthApi.uniqueEmail("once"), true)));
        browser.exchange(code).then().statusCode(200);
        browser.exchange(code).then().statusCode(400).body("errors[0].field", equalTo("code"));
        browser.exchange("not-a-code").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("code"));
        given().contentType("application/json").body("{}").when().post("/v1/user/oauth/exchange")
                .then().statusCode(400).body("errors.field", hasItems("code", "codeVerifier"));
        given().contentType("application/json").body("not json").when().post("/v1/user/oauth/exchange").then().statusCode(400);
    }

    @Test
    void anOpenIdConnectProviderSignsInWithAVerifiedIdToken() {
        String email = AuthApi.uniqueEmail("oidc");
        String subject = "acme-" + githubId();
        ProviderBrowser browser = new ProviderBrowser("acme");
        browser.open().then().statusCode(302).header("Location", containsString("/realms/acme/protocol/auth?"));
        AuthApi.Tokens tokens = new ProviderBrowser("acme").tokens(ProviderBrowser.oidc(subject, "Olga Idc", email, true));
        String id = given().auth().oauth2(tokens.access()).when().get("/v1/user").then().statusCode(200)
                .body("email", equalTo(email)).body("name", equalTo("Olga Idc")).body("role", equalTo("CUSTOMER"))
                .extract().path("id");
        AuthApi.audit("LOGIN_SUCCEEDED", id).then().statusCode(200).body("items.detail", hasItem("with acme"));
        // The same subject later, under another address: the same account.
        AuthApi.Tokens later = new ProviderBrowser("acme").tokens(ProviderBrowser.oidc(subject, "Olga", AuthApi.uniqueEmail("x"), false));
        given().auth().oauth2(later.access()).when().get("/v1/user").then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void aProvidersNameIsKeptAsOneLineWithoutControlCharacters() throws Exception {
        String email = AuthApi.uniqueEmail("ansi");
        AuthApi.Tokens github = new ProviderBrowser("github")
                .tokens(ProviderBrowser.github(githubId(), "Octo\u0000\u001b[31mCat\r\n\tEvil\u0085", email, true));
        given().auth().oauth2(github.access()).when().get("/v1/user").then().statusCode(200)
                .body("name", equalTo("Octo[31mCat Evil"));
        assertEquals("Octo[31mCat Evil", account(email).getString("name"));

        // Nothing left of the name: the address's local part, as for a provider that gives none.
        String other = AuthApi.uniqueEmail("bell");
        AuthApi.Tokens bell = new ProviderBrowser("github")
                .tokens(ProviderBrowser.github(githubId(), "\u0007\u001b\u007f", other, true));
        given().auth().oauth2(bell.access()).when().get("/v1/user").then().statusCode(200)
                .body("name", equalTo(other.substring(0, other.indexOf('@'))));

        // The same from an OpenID Connect provider: the ID token carries the control characters (JSON-escaped,
        // as JSON requires), Quarkus verifies it and reads its claims as sent, and the name is made plain.
        String olga = AuthApi.uniqueEmail("idtoken");
        AuthApi.Tokens acme = new ProviderBrowser("acme")
                .tokens(ProviderBrowser.oidc("acme-" + githubId(), "Olga\u0007\u001b[1m Idc\u0000", olga, true));
        String idToken = RecordedProviderSessions.last("acme").tokens().getIdToken();
        assertEquals("Olga\u0007\u001b[1m Idc\u0000", new ObjectMapper()
                .readValue(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), Map.class).get("name"));
        given().auth().oauth2(acme.access()).when().get("/v1/user").then().statusCode(200).body("name", equalTo("Olga[1m Idc"));
        assertEquals("Olga[1m Idc", account(olga).getString("name"));
    }

    @Test
    void anUnverifiedIdTokenEmailNeverTakesOverAnExistingAccount() {
        AuthApi.Account account = AuthApi.newCustomer();
        new ProviderBrowser("acme").signIn(ProviderBrowser.oidc("acme-" + githubId(), "Mallory", account.email(), false))
                .then().statusCode(403).body("type", equalTo("https://helpdesk.local/problems/provider-email-unverified"));
        assertNull(account(account.email()).get("identities"));
    }

    @Test
    void theConfiguredProvidersAreListedAndOthersAreNotFound() {
        Response list = given().when().get("/v1/user/oauth");
        list.then().statusCode(200)
                .body("id", hasItems("acme", "github"))
                .body("find { it.id == 'github' }.url", endsWith("/v1/user/oauth/github"))
                .body("find { it.id == 'github' }.start", endsWith("/v1/user/oauth/github{?code_challenge,code_challenge_method}"));
        // The url alone is no start; the start template, expanded with the client's challenge, is.
        String url = URI.create(list.path("find { it.id == 'github' }.url")).getPath();
        given().redirects().follow(false).when().get(url).then().statusCode(400).body("errors[0].field", equalTo("code_challenge"));
        String template = list.path("find { it.id == 'github' }.start");
        String challenge = ProviderBrowser.challenge(ProviderBrowser.verifier());
        String expanded = template.replace("{?code_challenge,code_challenge_method}",
                "?code_challenge=" + challenge + "&code_challenge_method=S256");
        given().redirects().follow(false).urlEncodingEnabled(false).when().get(URI.create(expanded).getRawPath() + "?"
                + URI.create(expanded).getRawQuery())
                .then().statusCode(302).header("Location", containsString("/login/oauth/authorize?"));
        given().redirects().follow(false).when().get("/v1/user/oauth/gitlab").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().redirects().follow(false).when().get("/v1/user/oauth/exchange").then().statusCode(404);
        given().redirects().follow(false).when().get("/v1/user/oauth/github/other").then().statusCode(404);
    }

    @Test
    void openApiDocumentsTheRedirectAndTheExchange() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/user/oauth/{provider}'.get.responses.'302'.description", containsString("provider"))
                .body("paths.'/v1/user/oauth/{provider}'.get.responses", hasKey("403"))
                .body("paths.'/v1/user/oauth/{provider}'.get.responses", hasKey("400"))
                .body("paths.'/v1/user/oauth/{provider}'.get.parameters.name", hasItems("provider", "code_challenge"))
                .body("components.schemas.SignInExchangeRequest.properties", hasKey("codeVerifier"))
                .body("paths.'/v1/user/oauth/exchange'.post.responses.'200'.content.'application/json'.schema.'$ref'",
                        containsString("TokenResponse"))
                .body("paths.'/v1/user/oauth/{provider}'.get.responses.'403'.description", containsString("cross-site-sign-in"))
                .body("paths.'/v1/user/oauth'.get.responses.'200'.content.'application/json'.schema.type", equalTo("array"))
                .body("components.schemas.SignInProvider.properties", hasKey("start"))
                .body("components.schemas.SignInProvider.properties.url.description", containsString("400"));
    }

    @Test
    void aProviderSessionOrTheProvidersTokensNeverReachABearerRoute() {
        AuthApi.Account someone = AuthApi.newCustomer();
        String bearer = AuthApi.tokens(someone).access();
        for (String provider : List.of("github", "acme")) {
            String email = AuthApi.uniqueEmail("session-" + provider);
            ProviderBrowser browser = new ProviderBrowser(provider);
            browser.tokens(provider.equals("github") ? ProviderBrowser.github(githubId(), "Sam", email, true)
                    : ProviderBrowser.oidc("acme-" + githubId(), "Sam", email, true));
            RecordedProviderSessions.Recorded session = RecordedProviderSessions.last(provider);
            assertNotNull(session, "Quarkus made a provider session for " + provider);
            String cookie = "q_session_" + provider;

            // Quarkus takes the cookie as a live session on its own route, and that request signs nobody in.
            given().redirects().follow(false).cookie(cookie, session.cookie()).when().get("/v1/user/oauth/" + provider)
                    .then().statusCode(401).body("detail", containsString("This sign-in is over"));
            // Elsewhere it is no identity at all, nor is any token of the provider's a bearer token.
            List<String> tokens = Stream.of(session.tokens().getIdToken(), session.tokens().getAccessToken())
                    .filter(Objects::nonNull).toList();
            assertFalse(tokens.isEmpty());
            for (String route : List.of("/v1/user", "/v1/user/sessions", "/v1/admin/users")) {
                given().redirects().follow(false).cookie(cookie, session.cookie()).when().get(route)
                        .then().statusCode(401).contentType(startsWith("application/problem+json"));
                for (String token : tokens) {
                    given().redirects().follow(false).auth().oauth2(token).when().get(route)
                            .then().statusCode(401).contentType(startsWith("application/problem+json"));
                }
            }
            // Beside a Helpdesk token, the caller is that token's user; the provider's session adds nothing.
            given().auth().oauth2(bearer).cookie(cookie, session.cookie()).when().get("/v1/user")
                    .then().statusCode(200).body("id", equalTo(someone.id()));
        }
    }

    @Test
    void bearerTokensStillWorkBesideTheProviders() {
        AuthApi.Account account = AuthApi.newCustomer();
        assertEquals(200, AuthApi.profileStatus(AuthApi.tokens(account).access()));
        given().when().get("/v1/user").then().statusCode(401).contentType(startsWith("application/problem+json"));
        // A provider route is no way around a bearer token, nor a bearer token a way into a provider route.
        given().auth().oauth2(AuthApi.tokens(account).access()).redirects().follow(false).urlEncodingEnabled(false)
                .when().get(new ProviderBrowser("github").startUrl())
                .then().statusCode(302).header("Location", containsString("/login/oauth/authorize"));
    }
}
