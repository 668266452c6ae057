package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The five published OpenAPI documents side by side, as the running services serve them: each names
 * the server it runs on, and no two services give one operationId or one schema name different
 * meanings a client generator would merge. They are written to target/openapi/ for the CI's
 * Spectral lint (.ci/run, .spectral.yaml).
 */
class OpenApiDocumentsSystemTest {

    private static final Path OUT = Path.of("target", "openapi");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> DOCUMENTS = new HashMap<>();
    private static SystemStack stack;

    @BeforeAll
    static void fetch() throws IOException {
        stack = SystemStack.shared();
        Files.createDirectories(OUT);
        for (String service : ServiceConfig.SERVICES.keySet()) {
            String document = given().baseUri(stack.url(service)).get("/q/openapi?format=json").then().statusCode(200)
                    .extract().asString();
            Files.writeString(OUT.resolve(service + ".json"), document);
            DOCUMENTS.put(service, JSON.readTree(document));
        }
    }

    @Test
    void eachDocumentNamesTheServerItIsServedFrom() {
        DOCUMENTS.forEach((service, document) -> {
            assertEquals("3.0.3", document.path("openapi").asText(), service);
            assertEquals(stack.url(service), document.path("servers").path(0).path("url").asText(), service);
        });
    }

    @Test
    void theSharedProblemIsTheSameInEveryDocument() {
        JsonNode problem = DOCUMENTS.get("auth-service").path("components").path("schemas").path("Problem");
        assertTrue(problem.isObject());
        DOCUMENTS.forEach((service, document) ->
                assertEquals(problem, document.path("components").path("schemas").path("Problem"), service));
    }
}
