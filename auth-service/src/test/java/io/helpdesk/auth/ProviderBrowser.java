package io.helpdesk.auth;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A browser signing in with a provider, step by step over HTTP, keeping its cookies: the start (302 to
 * the provider) with the client's PKCE challenge, the provider's login page (a stand-in: the profile says
 * who logs in), the callback, and the client's exchange of the one-time code with its verifier.
 */
final class ProviderBrowser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final SecureRandom RANDOM = new SecureRandom();

    final Map<String, String> cookies = new HashMap<>();
    final String provider;
    /** The client's PKCE verifier, kept by the front end (sessionStorage) from the start to the exchange. */
    final String verifier = verifier();
    /** Headers the browser sends with its next requests to the service (Sec-Fetch-Site, Referer, ...). */
    final Map<String, String> headers = new HashMap<>();
    Response start;
    String callbackUrl;

    ProviderBrowser(String provider) {
        this.provider = provider;
    }

    /** A GitHub account: its id, login, name and addresses as /user/emails lists them. */
    static Map<String, Object> github(long id, String name, String email, boolean verified) {
        return Map.of("id", id, "login", "octo" + id, "name", name,
                "emails", List.of(Map.of("email", email, "primary", true, "verified", verified),
                        Map.of("email", "noreply-" + id + "@users.noreply.github.com", "primary", false, "verified", true)));
    }

    /** An OpenID Connect account: the ID token's sub, email, email_verified and name. */
    static Map<String, Object> oidc(String subject, String name, String email, boolean verified) {
        return Map.of("sub", subject, "name", name, "email", email, "email_verified", verified);
    }

    /** A fresh PKCE verifier (RFC 7636): 32 random bytes, base64url. */
    static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** base64url(SHA-256(verifier)), the code_challenge. */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start URL with this client's challenge. */
    String startUrl() {
        return "/v1/user/oauth/" + provider + "?code_challenge=" + challenge(verifier);
    }

    /** Opens the sign-in route: Quarkus answers 302 to the provider and sets the state and challenge cookies. */
    Response open() {
        start = given().redirects().follow(false).urlEncodingEnabled(false).headers(headers).when().get(startUrl());
        keep(start);
        return start;
    }

    /** The provider's login page, as the given person: where it sends the browser back (the callback URL). */
    String logIn(Map<String, Object> profile) {
        String login;
        try {
            login = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Response page = given().redirects().follow(false).urlEncodingEnabled(false)
                .when().get(start.header("Location") + "&login=" + login);
        page.then().statusCode(302);
        callbackUrl = page.header("Location");
        return callbackUrl;
    }

    /** Back at the service with the code and state, carrying the browser's cookies. */
    Response callback() {
        return callback(callbackUrl);
    }

    Response callback(String url) {
        Response response = given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookies).headers(headers)
                .when().get(url);
        keep(response);
        return response;
    }

    /** The whole browser part: start, log in, callback; the callback's answer. */
    Response signIn(Map<String, Object> profile) {
        open().then().statusCode(302);
        logIn(profile);
        return callback();
    }

    /** The one-time code in the callback's redirect to the front-end page. */
    static String code(Response callback) {
        String location = callback.header("Location");
        if (callback.statusCode() != 302 || location == null || !location.startsWith("http://app.test/signed-in?code=")) {
            throw new AssertionError("no code in the callback's answer: " + callback.statusCode() + " " + location
                    + " " + callback.asString());
        }
        return URI.create(location).getQuery().substring("code=".length());
    }

    /** The client's exchange of a code, with its own verifier. */
    Response exchange(String code) {
        return exchange(code, verifier);
    }

    static Response exchange(String code, String verifier) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code, "codeVerifier", verifier))
                .when().post("/v1/user/oauth/exchange");
    }

    /** Signs in and exchanges the code: the token pair. */
    AuthApi.Tokens tokens(Map<String, Object> profile) {
        Response pair = exchange(code(signIn(profile)));
        pair.then().statusCode(200);
        return new AuthApi.Tokens(pair.path("accessToken"), pair.path("refreshToken"));
    }

    private void keep(Response response) {
        response.getDetailedCookies().forEach(cookie -> {
            if (cookie.hasMaxAge() && cookie.getMaxAge() == 0) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        });
    }
}
