package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.S3TestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Avatars on the S3 backend (s3proxy): the pictures are objects under the service's prefix in the bucket,
 * a replaced picture's objects are deleted, and a picture given while S3 cannot be reached is a 503 that
 * changes nothing, so the same upload succeeds once S3 is back.
 */
@QuarkusTest
@TestProfile(AvatarS3Test.S3Storage.class)
class AvatarS3Test {

    public static class S3Storage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3TestResource.class));
        }
    }

    @Test
    void aPictureIsStoredAsObjectsAndAReplacedOnesObjectsAreDeleted() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        String first = AvatarTest.upload(access, "a.png", TestImages.png(80, 80), "image/png")
                .then().statusCode(200).extract().path("avatarUrl");
        assertEquals(List.of("256.png", "64.png"), objects(account.id(), key(first)));
        given().when().get(path(first)).then().statusCode(200).contentType("image/png");

        String second = AvatarTest.upload(access, "b.jpg", TestImages.jpeg(120, 90), "image/jpeg")
                .then().statusCode(200).extract().path("avatarUrl");
        assertEquals(List.of(), objects(account.id(), key(first)), "the replaced picture's objects are gone");
        assertEquals(List.of("256.png", "64.png"), objects(account.id(), key(second)));
        given().when().get(path(second) + "?size=64").then().statusCode(200).contentType("image/png");
    }

    @Test
    void aPictureGivenWhileS3IsDownIsA503ThatChangesNothingAndCanBeRetried() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        String before = AvatarTest.upload(access, "a.png", TestImages.png(60, 60), "image/png")
                .then().statusCode(200).extract().path("avatarUrl");

        S3TestResource.stopServer();
        try {
            AvatarTest.upload(access, "b.png", TestImages.png(70, 70), "image/png")
                    .then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", equalTo("5"));
            given().auth().oauth2(access).when().get("/v1/user").then().statusCode(200)
                    .body("avatarUrl", equalTo(before));
        } finally {
            S3TestResource.startServer();
        }
        assertEquals(1, pictures(account.id()), "only the picture from before the outage is stored");
        given().when().get(path(before)).then().statusCode(200);

        String after = AvatarTest.upload(access, "b.png", TestImages.png(70, 70), "image/png")
                .then().statusCode(200).extract().path("avatarUrl");
        assertFalse(after.equals(before));
        assertEquals(1, pictures(account.id()));
        given().when().get(path(after)).then().statusCode(200);
    }

    @Test
    void aSignUpWithAPictureWhileS3IsDownIsA503AndNoAccountIsMade() {
        String email = AuthApi.uniqueEmail("outage");
        S3TestResource.stopServer();
        try {
            given().multiPart("email", email).multiPart("name", "Ada Lovelace")
                    .multiPart("password", AuthApi.strongPassword())
                    .multiPart("avatar", "me.png", TestImages.png(50, 50), "image/png")
                    .when().post("/v1/user").then().statusCode(503)
                    .contentType(startsWith("application/problem+json"));
        } finally {
            S3TestResource.startServer();
        }
        // Nothing was made: the same sign-up succeeds.
        given().multiPart("email", email).multiPart("name", "Ada Lovelace")
                .multiPart("password", AuthApi.strongPassword())
                .multiPart("avatar", "me.png", TestImages.png(50, 50), "image/png")
                .when().post("/v1/user").then().statusCode(201);
    }

    /** The sizes stored for one picture, as s3proxy's filesystem store keeps them. */
    private static List<String> objects(String userId, String key) {
        Path dir = userDirectory(userId).resolve(key);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long pictures(String userId) {
        Path dir = userDirectory(userId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> keys = Files.list(dir)) {
            return keys.filter(key -> !objects(userId, key.getFileName().toString()).isEmpty()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path userDirectory(String userId) {
        Path dir = S3TestResource.directory().resolve(S3TestResource.BUCKET).resolve("auth-service").resolve("avatars")
                .resolve(userId);
        assertTrue(Files.isDirectory(S3TestResource.directory().resolve(S3TestResource.BUCKET)), "the bucket exists");
        return dir;
    }

    private static String path(String url) {
        return url.substring("http://localhost:8081".length());
    }

    private static String key(String url) {
        return url.substring(url.lastIndexOf('/') + 1, url.length() - ".png".length());
    }
}
