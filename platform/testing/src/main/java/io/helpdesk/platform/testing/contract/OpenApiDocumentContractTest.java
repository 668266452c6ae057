package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The lint of a service's live OpenAPI document: it parses without a message, names its servers and
 * one bearer scheme, and every operation has a unique operationId, a summary, a tag, a documented
 * success, a schema for every body and response header, the Problem body on every error, 401 and 403 where a token is needed and 503 everywhere.
 * That the document is true (every answer matches it) is {@link OpenApiContract}'s job, in every test.
 * A service's test extends this with {@code @QuarkusTest}.
 */
public abstract class OpenApiDocumentContractTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    private SwaggerParseResult parsed;
    private OpenAPI api;

    @BeforeEach
    void read() {
        String document = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        parsed = new OpenAPIV3Parser().readContents(document, null, options);
        api = parsed.getOpenAPI();
    }

    @Test
    public void theDocumentParsesWithoutAMessage() {
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
        assertEquals("3.0.3", api.getOpenapi());
        assertTrue(api.getInfo().getLicense() != null && api.getInfo().getLicense().getUrl() != null, "a licence with its URL");
    }

    @Test
    public void itNamesItsServersAndOneBearerScheme() {
        assertFalse(api.getServers() == null || api.getServers().isEmpty(), "servers");
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertEquals(Set.of("bearer"), schemes.keySet());
        assertEquals(SecurityScheme.Type.HTTP, schemes.get("bearer").getType());
        assertEquals("bearer", schemes.get("bearer").getScheme());
    }

    @Test
    public void everyOperationIsNamedSummarisedAndTagged() {
        List<String> faults = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        operations((name, operation) -> {
            if (operation.getOperationId() == null || !ids.add(operation.getOperationId())) {
                faults.add(name + ": operationId missing or not unique (" + operation.getOperationId() + ")");
            }
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                faults.add(name + ": no summary");
            }
            if (operation.getTags() == null || operation.getTags().isEmpty()) {
                faults.add(name + ": no tag");
            }
        });
        assertTrue(faults.isEmpty(), String.join("\n", faults));
    }

    @Test
    public void everyOperationDocumentsItsSuccessAndItsErrorsAsProblems() {
        List<String> faults = new ArrayList<>();
        operations((name, operation) -> {
            Map<String, ApiResponse> responses = operation.getResponses();
            if (responses.keySet().stream().noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
                faults.add(name + ": no success response");
            }
            responses.forEach((code, response) -> {
                if (response.getHeaders() != null) {
                    response.getHeaders().forEach((header, declared) -> {
                        if (declared.getSchema() == null && declared.get$ref() == null) {
                            faults.add(name + " " + code + " header " + header + ": no schema");
                        }
                    });
                }
                if (response.getContent() != null) {
                    response.getContent().forEach((type, media) -> {
                        if (media.getSchema() == null || isEmpty(media.getSchema())) {
                            faults.add(name + " " + code + " " + type + ": no schema");
                        }
                    });
                }
                if (code.startsWith("4") || code.startsWith("5")) {
                    MediaType problem = response.getContent() == null ? null : response.getContent().get("application/problem+json");
                    if (problem == null || problem.getSchema() == null || !PROBLEM.equals(problem.getSchema().get$ref())) {
                        faults.add(name + " " + code + ": not the shared Problem as application/problem+json");
                    }
                }
            });
            boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
            if (secured && !(responses.containsKey("401") && responses.containsKey("403"))) {
                faults.add(name + ": secured without 401 and 403");
            }
            if (!responses.containsKey("503")) {
                faults.add(name + ": no 503");
            }
        });
        assertTrue(faults.isEmpty(), String.join("\n", faults));
    }

    @SuppressWarnings("rawtypes")
    private static boolean isEmpty(io.swagger.v3.oas.models.media.Schema schema) {
        return schema.get$ref() == null && schema.getType() == null && (schema.getTypes() == null || schema.getTypes().isEmpty())
                && schema.getProperties() == null && schema.getItems() == null && schema.getAllOf() == null
                && schema.getAnyOf() == null && schema.getOneOf() == null && schema.getFormat() == null;
    }

    private void operations(java.util.function.BiConsumer<String, Operation> check) {
        assertFalse(api.getPaths() == null || api.getPaths().isEmpty(), "no paths");
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) -> check.accept(method + " " + path.getKey(), operation));
        }
    }
}
