package io.helpdesk.auth.config;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What the OpenAPI document says of the two routes a browser opens, after the shared conventions
 * ({@code OpenApiConventions}, which run first): a browser is refused with an HTML page, next to the
 * problem an API client gets, and the provider sign-in takes no bearer token (it is {@code @Authenticated}
 * only so that Quarkus's code flow runs; a browser without a sign-in is sent to the provider).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP, priority = 0)
public class BrowserRoutesOpenApi implements OASFilter {

    /** The routes that answer an HTML page to a browser, and the error codes they answer so. */
    private static final Map<String, Set<String>> HTML_ERRORS = Map.of(
            "/v1/user/oauth/{provider}", Set.of("400", "401", "403", "404"),
            "/v1/user/invitation", Set.of("400", "409"));
    private static final String SIGN_IN = "/v1/user/oauth/{provider}";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> {
            Set<String> codes = HTML_ERRORS.get(path);
            // The sign-in is a GET, the invitation's form a POST (which it shares with the JSON acceptance).
            Operation operation = path.equals(SIGN_IN) ? item.getGET() : item.getPOST();
            if (codes == null || operation == null || operation.getResponses() == null) {
                return;
            }
            if (path.equals(SIGN_IN)) {
                operation.setSecurity(null);
            }
            codes.forEach(code -> htmlPage(operation.getResponses().getAPIResponse(code)));
        });
    }

    private static void htmlPage(APIResponse response) {
        if (response == null) {
            return;
        }
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        response.getContent().addMediaType(MediaType.TEXT_HTML, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("A page saying what was wrong, for a browser (Accept: text/html)")));
    }
}
