package io.helpdesk.platform.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import io.helpdesk.platform.web.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What every service's OpenAPI document says the same way, so no resource has to repeat it: one
 * {@code Problem} schema for every error (RFC 9457, {@code application/problem+json}), the errors any
 * operation can meet (401 and 403 where a token is needed; 400, 413 and 415 where there is a body; 400
 * where there are parameters; 503 with {@code Retry-After} everywhere), one bearer scheme, and the
 * servers the API is reached at ({@code helpdesk.openapi.servers}, from {@code OPENAPI_SERVER_URL}).
 * A resource documents its success answers and its own errors (404, 409, 412, 422, 429 ...) with a
 * description only; this filter gives every error response the problem body.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiConventions implements OASFilter {

    public static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    private static final Map<String, String> STANDARD = Map.of(
            "400", "Invalid input: the problem names the failing fields or parameters",
            "401", "No valid access token: missing, malformed, expired, or revoked",
            "403", "The caller's role or relation to the resource does not allow this",
            "413", "The body is larger than this route accepts",
            "415", "The body's media type is not one this route accepts",
            "503", "A store this route needs is unavailable; try again after Retry-After seconds");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = Optional.ofNullable(api.getComponents()).orElseGet(OASFactory::createComponents);
        api.setComponents(components);
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        nullableReferences(components);
        oneBearerScheme(api, components);
        servers(api);
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : api.getPaths().getPathItems().values()) {
            item.getOperations().values().forEach(this::conventions);
        }
    }

    private void conventions(Operation operation) {
        APIResponses responses = Optional.ofNullable(operation.getResponses()).orElseGet(OASFactory::createAPIResponses);
        operation.setResponses(responses);
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (secured) {
            standard(responses, "401");
            standard(responses, "403");
        }
        if (operation.getRequestBody() != null) {
            standard(responses, "400");
            standard(responses, "413");
            standard(responses, "415");
        }
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            standard(responses, "400");
        }
        standard(responses, "503");
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        sorted.forEach((code, response) -> {
            if (code.startsWith("2")) {
                emptyBody(response);
            }
            if (isError(code)) {
                problemBody(response);
                if (code.equals("429") || code.equals("503")) {
                    retryAfter(response);
                }
            }
        });
        responses.setAPIResponses(new LinkedHashMap<>(sorted));
    }

    private static void standard(APIResponses responses, String code) {
        if (responses.getAPIResponse(code) == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(STANDARD.get(code)));
        }
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5") || code.equals("default");
    }

    /**
     * An error answers application/problem+json with the Problem schema. What else an annotation
     * declares stays beside it: an HTML page for a browser route, or a JSON body of a schema a standard
     * prescribes (the OAuth 2.0 endpoints' {@code OAuthError}); JSON without a schema of its own is
     * taken for the problem.
     */
    private static void problemBody(APIResponse response) {
        Content content = OASFactory.createContent();
        if (response.getContent() != null && response.getContent().getMediaTypes() != null) {
            response.getContent().getMediaTypes().forEach((type, media) -> {
                if (!type.contains("json") || ownSchema(media)) {
                    content.addMediaType(type, media);
                }
            });
        }
        content.addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(ref(PROBLEM)));
        response.setContent(content);
    }

    /**
     * A success the generator gave a media type with an empty schema (a {@code Response} method whose
     * annotation names no content) answers no body: the empty schema goes, so that a body would be a
     * violation and a client is not told to expect one.
     */
    private static void emptyBody(APIResponse response) {
        if (response.getContent() == null || response.getContent().getMediaTypes() == null) {
            return;
        }
        Map<String, MediaType> kept = new LinkedHashMap<>(response.getContent().getMediaTypes());
        kept.values().removeIf(media -> media.getSchema() == null || isEmpty(media.getSchema()));
        if (kept.size() != response.getContent().getMediaTypes().size()) {
            Content content = OASFactory.createContent();
            kept.forEach(content::addMediaType);
            response.setContent(kept.isEmpty() ? null : content);
        }
    }

    private static boolean isEmpty(Schema schema) {
        return schema.getRef() == null && (schema.getType() == null || schema.getType().isEmpty())
                && schema.getProperties() == null && schema.getItems() == null && schema.getAllOf() == null
                && schema.getAnyOf() == null && schema.getOneOf() == null && schema.getFormat() == null
                && schema.getEnumeration() == null && schema.getAdditionalPropertiesSchema() == null;
    }

    private static boolean ownSchema(MediaType media) {
        String ref = media.getSchema() == null ? null : media.getSchema().getRef();
        return ref != null && !ref.endsWith("/" + PROBLEM);
    }

    private static void retryAfter(APIResponse response) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After")) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO)));
        }
    }

    private static void oneBearerScheme(OpenAPI api, Components components) {
        if (components.getSecuritySchemes() != null) {
            new ArrayList<>(components.getSecuritySchemes().keySet()).stream()
                    .filter(name -> !name.equals(BEARER))
                    .forEach(components::removeSecurityScheme);
        }
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An access token of the auth-service (POST /v1/user/login, or POST /v1/tokens), sent as"
                        + " Authorization: Bearer <token>"));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : api.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                    SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme(BEARER);
                    operation.setSecurity(List.of(bearer));
                }
            }
        }
    }

    private static void servers(OpenAPI api) {
        List<String> urls = ConfigProvider.getConfig()
                .getOptionalValues("helpdesk.openapi.servers", String.class).orElse(List.of());
        if (urls.isEmpty()) {
            return;
        }
        api.setServers(new ArrayList<>());
        urls.forEach(url -> api.addServer(OASFactory.createServer().url(url)));
    }

    /**
     * A nullable field whose type is a schema of its own (an {@code Instant}, an enum) comes out of the
     * generator as a reference beside {@code nullable}, which OpenAPI 3.0 does not apply to the
     * referenced schema, so a null would not match. Where the referenced schema is a plain value, the
     * field gets that value's schema inline, with null allowed.
     */
    static void nullableReferences(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas != null) {
            schemas.values().forEach(schema -> nullableReferences(schema, schemas));
        }
    }

    private static void nullableReferences(Schema schema, Map<String, Schema> schemas) {
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
            properties.replaceAll((name, property) -> inlined(property, schemas));
            schema.setProperties(properties);
        }
        if (schema.getItems() != null) {
            schema.setItems(inlined(schema.getItems(), schemas));
        }
    }

    private static Schema inlined(Schema field, Map<String, Schema> schemas) {
        String ref = field.getRef() != null ? field.getRef()
                : field.getAllOf() != null && field.getAllOf().size() == 1 ? field.getAllOf().get(0).getRef() : null;
        Schema target = ref == null ? null : schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        boolean nullable = field.getType() != null && field.getType().contains(SchemaType.NULL);
        if (target == null || !nullable || target.getType() == null || target.getType().contains(SchemaType.OBJECT)
                || target.getType().contains(SchemaType.ARRAY)) {
            if (ref == null) {
                nullableReferences(field, schemas);
            }
            return field;
        }
        Schema value = OASFactory.createSchema().type(new ArrayList<>(target.getType())).addType(SchemaType.NULL)
                .format(target.getFormat()).pattern(target.getPattern())
                .description(field.getDescription() != null ? field.getDescription() : target.getDescription());
        if (target.getEnumeration() != null) {
            List<Object> values = new ArrayList<>(target.getEnumeration());
            values.add(null);
            value.setEnumeration(values);
        }
        return value;
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details: the one error body of every Helpdesk service")
                .addProperty("type", string("A URI naming the problem type; about:blank when the status says it all")
                        .format("uri"))
                .addProperty("title", string("Short summary of the problem type"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("instance", string("The request's path").format("uri-reference"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(ref(FIELD_ERROR))
                        .description("The failing fields, for validation problems"))
                .required(List.of("type", "title", "status"));
    }

    static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("One input field that failed validation")
                .addProperty("field", string("Path of the field, such as email or address.city"))
                .addProperty("detail", string("Why the value was refused"))
                .required(List.of("field", "detail"));
    }
}
