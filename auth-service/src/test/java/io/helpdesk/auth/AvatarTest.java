package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Avatars: given at sign-up or later, replaced, removed, served to anyone at an address that changes
 * with each picture; every picture that is not a sound PNG, JPEG or WebP within the limits refused
 * with a problem naming the field, and nothing stored for it. The files are checked in the GridFS
 * bucket through a connection of the test's own, so this runs against the packaged service too.
 */
@QuarkusTest
class AvatarTest {

    private static final String URL = "^http://localhost:8081/v1/user/avatar/[A-Za-z0-9_-]{22}\\.png$";
    private static final String PNG = "image/png";
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private static MongoClient mongo;

    @BeforeAll
    static void connect() {
        mongo = MongoClients.create(MongoTestResource.connectionString());
    }

    @AfterAll
    static void disconnect() {
        mongo.close();
    }

    @Test
    void aSignUpWithAPictureGetsAnAddressAnyoneCanLoadInTwoSizesWithoutItsMetadata() {
        String email = AuthApi.uniqueEmail("pictured");
        Response created = signUpForm(email, AuthApi.strongPassword())
                .multiPart("avatar", "me.jpg", TestImages.jpegWithExif(300, 200, 1, "taken at 51.5N 0.1W"), "image/jpeg")
                .when().post("/v1/user");
        created.then().statusCode(201)
                .body("email", equalTo(email))
                .body("avatarUrl", matchesPattern(URL));
        String id = created.path("id");
        String url = created.path("avatarUrl");

        Response large = given().when().get(path(url));
        large.then().statusCode(200)
                .contentType(PNG)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", startsWith("\""));
        byte[] png = large.asByteArray();
        assertEquals(List.of("IHDR", "IDAT", "IEND"), TestImages.pngChunks(png).stream().distinct().toList());
        assertFalse(new String(png, StandardCharsets.ISO_8859_1).contains("51.5N"));
        BufferedImage image = TestImages.read(png);
        assertEquals(256, image.getWidth());
        assertEquals(256, image.getHeight());
        BufferedImage small = TestImages.read(given().queryParam("size", 64).when().get(path(url))
                .then().statusCode(200).contentType(PNG).extract().asByteArray());
        assertEquals(64, small.getWidth());
        assertEquals(64, small.getHeight());

        assertEquals(2, avatarFiles(id));
        assertEquals(url, latest(EventType.USER_REGISTERED, id).avatarUrl());
    }

    @Test
    void aMultipartSignUpWithoutAPictureIsTheJsonSignUpWithItsAddressAsAJsonPart() {
        String email = AuthApi.uniqueEmail("plain");
        String id = signUpForm(email, AuthApi.strongPassword())
                .multiPart("company", "Analytical Engines")
                .multiPart("address", "{\"city\":\"London\",\"country\":\"GB\"}", "application/json")
                .when().post("/v1/user")
                .then().statusCode(201)
                .body("avatarUrl", nullValue())
                .body("company", equalTo("Analytical Engines"))
                .body("address.city", equalTo("London"))
                .body("role", equalTo("CUSTOMER"))
                .body("emailVerified", equalTo(false))
                .extract().path("id");
        assertNull(latest(EventType.USER_REGISTERED, id).avatarUrl());
        assertEquals(0, avatarFiles(id));
    }

    @Test
    void aMultipartSignUpIsCheckedAsTheJsonOneAndARefusedOneStoresNoPicture() {
        long before = allAvatarFiles();
        byte[] picture = TestImages.png(80, 80);

        given().multiPart("name", "Ada").multiPart("password", AuthApi.strongPassword())
                .multiPart("avatar", "me.png", picture, PNG)
                .when().post("/v1/user")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("email"));
        signUpForm(AuthApi.uniqueEmail("weak"), "password").multiPart("avatar", "me.png", picture, PNG)
                .when().post("/v1/user")
                .then().statusCode(400)
                .body("errors.field", hasItem("password"));
        AuthApi.Account taken = AuthApi.newCustomer();
        signUpForm(taken.email(), AuthApi.strongPassword()).multiPart("avatar", "me.png", picture, PNG)
                .when().post("/v1/user")
                .then().statusCode(409);
        signUpForm(AuthApi.uniqueEmail("gif"), AuthApi.strongPassword())
                .multiPart("avatar", "me.gif", TestImages.gif(20, 20), "image/gif")
                .when().post("/v1/user")
                .then().statusCode(415)
                .body("errors[0].field", equalTo("avatar"));

        assertEquals(before, allAvatarFiles());
    }

    @Test
    void aMultipartSignUpRefusesControlCharactersAsTheJsonOneDoes() {
        long before = allAvatarFiles();
        byte[] picture = TestImages.png(80, 80);
        String email = AuthApi.uniqueEmail("control");
        Map<String, String> refused = Map.of(
                "name", "Ada\u0000Lovelace",
                "company", "\u001b[31mEngines",
                "password", AuthApi.strongPassword() + "\u0007",
                "locale", "en\u0000");
        refused.forEach((field, value) -> {
            RequestSpecification form = given().multiPart("email", email).multiPart("avatar", "me.png", picture, PNG);
            for (String other : List.of("name", "password")) {
                if (!other.equals(field)) {
                    form.multiPart(other, other.equals("name") ? "Ada Lovelace" : AuthApi.strongPassword());
                }
            }
            form.multiPart(field, value).when().post("/v1/user")
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("errors.field", hasItem(field));
        });
        // A name or a company is one line, in a form and in JSON alike.
        signUpForm(email, AuthApi.strongPassword()).multiPart("company", "Analytical\nEngines").when().post("/v1/user")
                .then().statusCode(400).body("errors.field", hasItem("company"));
        given().multiPart("email", email).multiPart("name", "Ada\r\nLovelace").multiPart("password", AuthApi.strongPassword())
                .when().post("/v1/user").then().statusCode(400).body("errors.field", hasItem("name"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada\nLovelace", "password", AuthApi.strongPassword()))
                .when().post("/v1/user").then().statusCode(400).body("errors.field", hasItem("name"));
        // The JSON part is read by the JSON rule.
        signUpForm(email, AuthApi.strongPassword())
                .multiPart("address", "{\"city\":\"Lon\\u0000don\",\"country\":\"GB\"}", "application/json")
                .when().post("/v1/user").then().statusCode(400);

        assertNull(mongo.getDatabase("auth").getCollection("users").find(Filters.eq("email", email)).first(),
                "nothing is stored for a refused sign-up");
        assertEquals(before, allAvatarFiles());
    }

    @Test
    void aNewPictureReplacesTheOldOneWhoseFilesAndAddressAreGone() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();

        String first = upload(access, "a.png", TestImages.png(100, 100), PNG)
                .then().statusCode(200)
                .body("id", equalTo(account.id()))
                .body("avatarUrl", matchesPattern(URL))
                .extract().path("avatarUrl");
        given().when().get(path(first)).then().statusCode(200);
        assertEquals(first, latest(EventType.USER_UPDATED, account.id()).avatarUrl());

        String second = upload(access, "b.webp", TestImages.WEBP, "image/webp")
                .then().statusCode(200).extract().path("avatarUrl");
        assertNotEquals(first, second);
        assertEquals(second, latest(EventType.USER_UPDATED, account.id()).avatarUrl());
        given().auth().oauth2(access).when().get("/v1/user").then().statusCode(200).body("avatarUrl", equalTo(second));

        given().when().get(path(first)).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().when().get(path(second)).then().statusCode(200).contentType(PNG);
        assertEquals(0, avatarFiles(account.id(), key(first)));
        assertEquals(2, avatarFiles(account.id(), key(second)));
    }

    @Test
    void removingThePictureDeletesItsFilesAndAnnouncesNoAddress() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        String url = upload(access, "a.png", TestImages.png(40, 40), PNG).then().statusCode(200).extract().path("avatarUrl");

        given().auth().oauth2(access).when().delete("/v1/user/avatar").then().statusCode(204);

        given().auth().oauth2(access).when().get("/v1/user").then().statusCode(200).body("avatarUrl", nullValue());
        given().when().get(path(url)).then().statusCode(404);
        assertEquals(0, avatarFiles(account.id()));
        UserEvents.Payload removed = latest(EventType.USER_UPDATED, account.id());
        assertNull(removed.avatarUrl());
        given().auth().oauth2(access).when().delete("/v1/user/avatar").then().statusCode(204);
    }

    @Test
    void aPictureIsTurnedUprightByItsExifOrientation() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        // Stored 300×200 with the red half on the left; orientation 6 shows it turned clockwise, red on top.
        String url = upload(access, "photo.jpg", TestImages.jpegWithExif(300, 200, 6, "camera"), "image/jpeg")
                .then().statusCode(200).extract().path("avatarUrl");

        BufferedImage shown = TestImages.read(given().when().get(path(url)).asByteArray());
        assertTrue(red(shown.getRGB(128, 10)), "the top is red");
        assertFalse(red(shown.getRGB(128, 245)), "the bottom is black");
    }

    @Test
    void anUnchangedPictureAnswers304ToItsETag() {
        AuthApi.Account account = AuthApi.newCustomer();
        String url = upload(AuthApi.tokens(account).access(), "a.png", TestImages.png(64, 64), PNG)
                .then().statusCode(200).extract().path("avatarUrl");
        String etag = given().when().get(path(url)).then().statusCode(200).extract().header("ETag");
        String smallEtag = given().queryParam("size", 64).when().get(path(url)).then().statusCode(200).extract().header("ETag");
        assertNotEquals(etag, smallEtag);

        byte[] body = given().header("If-None-Match", etag).when().get(path(url))
                .then().statusCode(304)
                .header("ETag", etag)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .extract().asByteArray();
        assertEquals(0, body.length);
    }

    @Test
    void theFileNameAndDeclaredTypeAreNotTrustedOnlyTheContent() {
        String access = AuthApi.tokens(AuthApi.newCustomer()).access();
        upload(access, "really-a-png.jpg", TestImages.png(30, 30), "image/jpeg").then().statusCode(200);
        upload(access, "me.png", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), PNG)
                .then().statusCode(415);
    }

    @Test
    void everyBadPictureIsRefusedWithAProblemNamingTheFieldAndNothingChanges() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        String url = upload(access, "a.png", TestImages.png(50, 50), PNG).then().statusCode(200).extract().path("avatarUrl");
        long before = allAvatarFiles();
        byte[] random = new byte[4096];
        new Random(18).nextBytes(random);
        byte[] jpeg = TestImages.jpeg(400, 300);
        byte[] png = TestImages.png(400, 300);
        byte[] oversized = Arrays.copyOf(TestImages.png(10, 10), 5 * 1024 * 1024 + 1);

        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("a GIF", new Object[] { TestImages.gif(20, 20), 415 });
        cases.put("random bytes", new Object[] { random, 415 });
        cases.put("an empty file", new Object[] { new byte[0], 400 });
        cases.put("a truncated JPEG", new Object[] { Arrays.copyOf(jpeg, jpeg.length / 2), 400 });
        cases.put("a truncated PNG", new Object[] { Arrays.copyOf(png, png.length / 2), 400 });
        cases.put("a truncated WebP", new Object[] { Arrays.copyOf(TestImages.WEBP, TestImages.WEBP.length - 6), 400 });
        cases.put("JPEG's first bytes and then nothing that decodes",
                new Object[] { new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3 }, 400 });
        cases.put("a 1×100000 strip", new Object[] { TestImages.strip(1, 100_000), 413 });
        cases.put("6000×6000 pixels", new Object[] { TestImages.strip(6000, 6000), 413 });
        cases.put("one byte over 5 MB", new Object[] { oversized, 413 });
        cases.forEach((what, bad) -> upload(access, "picture.png", (byte[]) bad[0], PNG)
                .then().statusCode((Integer) bad[1])
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("avatar")));

        given().auth().oauth2(access).multiPart("picture", "a.png", png, PNG).when().put("/v1/user/avatar")
                .then().statusCode(400).body("errors[0].field", equalTo("avatar"));
        given().auth().oauth2(access).contentType(ContentType.JSON).body("{}").when().put("/v1/user/avatar")
                .then().statusCode(415);

        given().auth().oauth2(access).when().get("/v1/user").then().body("avatarUrl", equalTo(url));
        assertEquals(before, allAvatarFiles());
    }

    @Test
    void onlyTheSignedInUserChangesTheirPicture() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        byte[] png = TestImages.png(20, 20);

        given().multiPart("avatar", "a.png", png, PNG).when().put("/v1/user/avatar").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        given().when().delete("/v1/user/avatar").then().statusCode(401);
        given().auth().oauth2("not-a-token").multiPart("avatar", "a.png", png, PNG).when().put("/v1/user/avatar")
                .then().statusCode(401);

        given().auth().oauth2(tokens.access()).when().delete("/v1/user/logout").then().statusCode(204);
        upload(tokens.access(), "a.png", png, PNG).then().statusCode(401);
        given().auth().oauth2(tokens.access()).when().delete("/v1/user/avatar").then().statusCode(401);
        assertEquals(0, avatarFiles(account.id()));
    }

    @Test
    void aPictureIsFoundOnlyByItsKeyInAKnownSize() {
        AuthApi.Account account = AuthApi.newCustomer();
        String url = upload(AuthApi.tokens(account).access(), "a.png", TestImages.png(20, 20), PNG)
                .then().statusCode(200).extract().path("avatarUrl");

        given().when().get("/v1/user/avatar/" + account.id() + ".png").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().when().get("/v1/user/avatar/AAAAAAAAAAAAAAAAAAAAAA.png").then().statusCode(404);
        given().queryParam("size", 100).when().get(path(url)).then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        given().queryParam("size", "large").when().get(path(url)).then().statusCode(400);
    }

    @Test
    void deletingAnAccountDeletesItsPicture() {
        AuthApi.Account account = AuthApi.newCustomer();
        String url = upload(AuthApi.tokens(account).access(), "a.png", TestImages.png(20, 20), PNG)
                .then().statusCode(200).extract().path("avatarUrl");

        given().auth().oauth2(AuthApi.adminTokens().access()).when().delete("/v1/admin/users/" + account.id())
                .then().statusCode(204);

        given().when().get(path(url)).then().statusCode(404);
        assertEquals(0, avatarFiles(account.id()));
        assertNull(latest(EventType.USER_DELETED, account.id()).avatarUrl());
    }

    @Test
    void theOpenApiDocumentShowsTheMultipartForms() {
        Response openapi = given().accept(ContentType.JSON).when().get("/q/openapi?format=json");
        openapi.then().statusCode(200)
                .body("paths.'/v1/user'.post.requestBody.content.'multipart/form-data'.schema", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user'.post.requestBody.content.'application/json'.schema", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user/avatar'.put.requestBody.content.'multipart/form-data'.schema", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user/avatar'.put.responses.'413'", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user/avatar'.put.responses.'415'", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user/avatar'.delete.responses.'204'", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/v1/user/avatar/{key}.png'.get.responses.'304'", org.hamcrest.Matchers.notNullValue());
    }

    private static RequestSpecification signUpForm(String email, String password) {
        return given().multiPart("email", email).multiPart("name", "Ada Lovelace").multiPart("password", password);
    }

    static Response upload(String access, String fileName, byte[] content, String type) {
        return given().auth().oauth2(access).multiPart("avatar", fileName, content, type).when().put("/v1/user/avatar");
    }

    /** The avatar URL's path: the tests reach the service on its test port, not the public address. */
    private static String path(String url) {
        return url.substring("http://localhost:8081".length());
    }

    private static String key(String url) {
        return url.substring(url.lastIndexOf('/') + 1, url.length() - ".png".length());
    }

    private static boolean red(int rgb) {
        return (rgb >> 16 & 0xFF) > 200 && (rgb >> 8 & 0xFF) < 60 && (rgb & 0xFF) < 60;
    }

    private static MongoCollection<Document> files() {
        return mongo.getDatabase("auth").getCollection("objects.files");
    }

    private static long allAvatarFiles() {
        return files().countDocuments(Filters.regex("filename", "^avatars/"));
    }

    private static long avatarFiles(String userId) {
        return files().countDocuments(Filters.regex("filename", "^avatars/" + userId + "/"));
    }

    private static long avatarFiles(String userId, String key) {
        return files().countDocuments(Filters.regex("filename", "^avatars/" + userId + "/" + key + "/"));
    }

    /** The newest event of the type about the user on events.users, as a directory would read it. */
    private static UserEvents.Payload latest(EventType type, String userId) {
        List<String> envelopes = TestStreams.entries(Channels.USERS_STREAM).stream()
                .filter(e -> type.wireName().equals(e.get("type")) && e.get("envelope").contains("\"subject\":\"" + userId + "\""))
                .map(e -> e.get("envelope")).toList();
        assertFalse(envelopes.isEmpty(), "no " + type.wireName() + " event about " + userId);
        return Envelopes.payload(JSON, Envelopes.read(JSON, envelopes.get(envelopes.size() - 1)), UserEvents.Payload.class);
    }
}
