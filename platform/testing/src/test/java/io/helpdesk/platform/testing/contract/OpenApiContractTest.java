package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.StubServer;

/**
 * The contract check against a stand-in service whose document says: GET /items/{id} answers 200 with
 * an Item (id: string, note: nullable string) or 404 with a problem; POST /items takes an Item, needs
 * a bearer token and answers 201.
 */
class OpenApiContractTest {

    private static final String DOCUMENT = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{
              "/items/{id}":{"get":{"operationId":"item","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},
                             "404":{"description":"none","content":{"application/problem+json":{"schema":{"type":"object"}}}}}}},
              "/items":{"post":{"operationId":"add","security":[{"bearer":[]}],
                "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},
                "responses":{"201":{"description":"made","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},
                             "400":{"description":"bad","content":{"application/problem+json":{"schema":{"type":"object"}}}},
                             "401":{"description":"no token","content":{"application/problem+json":{"schema":{"type":"object"}}}}}}}},
             "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
              "schemas":{"Item":{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"note":{"type":"string","nullable":true}}}}}}
            """;

    private static StubServer service;
    private static volatile int status;
    private static volatile String contentType;
    private static volatile String body;

    @BeforeAll
    static void start() {
        service = StubServer.start("/q/openapi", exchange -> StubServer.reply(exchange, 200, "application/json", DOCUMENT))
                .also("/", exchange -> StubServer.reply(exchange, status, contentType, body))
                .also("/test-probe/", exchange -> StubServer.reply(exchange, 500, "text/plain", "boom"));
        OpenApiContract.install();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void answer(int code, String type, String json) {
        status = code;
        contentType = type;
        body = json;
    }

    @Test
    void aDocumentedAnswerPasses() {
        answer(200, "application/json", "{\"id\":\"7\",\"note\":null}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).get("/items/7"));
    }

    @Test
    void aFieldTheDocumentDoesNotNameIsAViolation() {
        answer(200, "application/json", "{\"id\":\"7\",\"secret\":\"x\"}");
        assertViolation(() -> given().baseUri(service.url()).get("/items/7"), "secret");
    }

    @Test
    void aNullInANonNullableFieldIsAViolation() {
        answer(200, "application/json", "{\"id\":null}");
        assertViolation(() -> given().baseUri(service.url()).get("/items/7"), "null");
    }

    @Test
    void anUndocumentedStatusIsAViolation() {
        answer(409, "application/problem+json", "{\"status\":409}");
        assertViolation(() -> given().baseUri(service.url()).get("/items/7"), "409");
    }

    @Test
    void aRequestTheDocumentRefusesMayBeRefused() {
        answer(400, "application/problem+json", "{\"status\":400}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).auth().oauth2("t").contentType("application/json")
                .body("{\"note\":1}").post("/items"));
    }

    @Test
    void aRequestTheDocumentRefusesMustNotBeAccepted() {
        answer(201, "application/json", "{\"id\":\"8\"}");
        assertViolation(() -> given().baseUri(service.url()).auth().oauth2("t").contentType("application/json")
                .body("{\"note\":1}").post("/items"), "accepted a request the document refuses");
    }

    @Test
    void aSecuredOperationThatAnswersWithoutATokenIsAViolation() {
        answer(201, "application/json", "{\"id\":\"8\"}");
        assertViolation(() -> given().baseUri(service.url()).contentType("application/json").body("{\"id\":\"8\"}")
                .post("/items"), "security");
        assertDoesNotThrow(() -> given().baseUri(service.url()).auth().oauth2("t").contentType("application/json")
                .body("{\"id\":\"8\"}").post("/items"));
    }

    @Test
    void anUndocumentedRouteMayOnlyBeNotFound() {
        answer(404, "application/problem+json", "{\"status\":404}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).get("/nothing/here"));
        answer(200, "application/json", "{}");
        assertViolation(() -> given().baseUri(service.url()).get("/nothing/here"), "undocumented route");
    }

    @Test
    void theTestFixtureIsNotPartOfAnyApi() {
        assertDoesNotThrow(() -> given().baseUri(service.url()).get("/test-probe/boom"));
    }

    @Test
    void aWebSocketHandshakeIsLeftToTheAsyncApiDocument() {
        answer(401, "application/problem+json", "{\"status\":401}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).header("Upgrade", "websocket").get("/chat"));
    }

    @Test
    void theCorsLayersRefusalOfAForeignOriginIsNoAnswerOfTheApi() {
        answer(403, null, null);
        assertDoesNotThrow(() -> given().baseUri(service.url()).header("Origin", "https://attacker.test").get("/items/7"));
        assertViolation(() -> given().baseUri(service.url()).get("/items/7"), "403");
    }

    @Test
    void aFormWithARepeatedParameterIsReadAsSent() {
        answer(400, "application/problem+json", "{\"status\":400}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).formParam("token", "a", "b").post("/items"));
        answer(200, "application/json", "{\"id\":\"7\"}");
        assertDoesNotThrow(() -> given().baseUri(service.url()).queryParam("q", "a", "b").get("/items/7?x=1"));
    }

    private static void assertViolation(Runnable call, String mentioned) {
        AssertionError error = assertThrows(AssertionError.class, call::run);
        assertTrue(error.getMessage().contains("OpenAPI contract") && error.getMessage().contains(mentioned),
                error.getMessage());
    }
}
