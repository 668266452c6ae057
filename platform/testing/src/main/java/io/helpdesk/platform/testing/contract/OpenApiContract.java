package io.helpdesk.platform.testing.contract;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.authentication.OAuth2Scheme;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * Every request a test sends with rest-assured, and the answer it gets, checked against the OpenAPI
 * document the answering service serves at {@code /q/openapi} (Atlassian's swagger-request-validator).
 * The document is read once per service and made strict first: an object schema that lists its
 * properties allows no others, so a field the service sends and the document does not name is a
 * violation too.
 *
 * <p>What counts as a violation:
 * <ul>
 * <li>any answer the document does not describe: an undocumented status, a body that does not match its
 * schema, a media type the operation does not declare;</li>
 * <li>a request the document calls invalid that the service accepted (a 2xx or 3xx): the document is
 * stricter than the service. Invalid requests that are refused (4xx) are the tests of bad input;</li>
 * <li>a route missing from the document that answered anything but 404 or 405 (the {@code /q/} tools
 * aside).</li>
 * </ul>
 * A violation fails the test at the request; with {@code -Dhelpdesk.openapi.contract=report} they are
 * only written to {@code target/openapi-violations.txt}. Servers without a document (stand-ins for
 * outside services), the test fixture's {@code /test-probe/} routes, WebSocket handshakes (the AsyncAPI
 * document's part) and the CORS layer's refusals of foreign origins are not checked.
 */
public final class OpenApiContract implements OrderedFilter {

    static final String MODE = "helpdesk.openapi.contract";
    /** The test fixture's routes ({@code probe.ProbeResource}): on the test classpath, not part of any API. */
    private static final String PROBE = "/test-probe/";
    private static final OpenApiContract INSTANCE = new OpenApiContract();
    private static final Map<String, Optional<OpenApiInteractionValidator>> VALIDATORS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenApiContract() {
    }

    /** Adds the check to rest-assured's default filters (once). */
    public static synchronized void install() {
        if (!"off".equals(System.getProperty(MODE)) && !RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    @Override
    public int getOrder() {
        return OrderedFilter.LOWEST_PRECEDENCE;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getRawPath().startsWith(PROBE) || "websocket".equalsIgnoreCase(request.getHeaders().getValue("Upgrade"))
                || refusedOrigin(request, response) || preflight(request)) {
            return response;
        }
        validator(uri).ifPresent(validator -> {
            List<String> violations = violations(validator, request, response, uri.getRawPath());
            if (!violations.isEmpty()) {
                String message = request.getMethod() + " " + uri.getRawPath() + " -> " + response.statusCode() + ": "
                        + String.join("; ", violations);
                record(message);
                if (!"report".equals(System.getProperty(MODE))) {
                    throw new AssertionError("OpenAPI contract: " + message);
                }
            }
        });
        return response;
    }

    /**
     * A WebSocket handshake is no HTTP operation (docs/asyncapi.yaml describes the sockets), and a
     * request from an origin the CORS policy refuses is answered 403 by the CORS layer before any route:
     * neither is an answer of the documented API.
     */
    private static boolean refusedOrigin(FilterableRequestSpecification request, Response response) {
        return request.getHeaders().hasHeaderWithName("Origin") && response.statusCode() == 403
                && response.getHeader("Access-Control-Allow-Origin") == null && response.asByteArray().length == 0;
    }

    /** A CORS preflight: the CORS layer answers it in front of every route, so no operation of the document does. */
    private static boolean preflight(FilterableRequestSpecification request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeaders().hasHeaderWithName("Access-Control-Request-Method");
    }

    static List<String> violations(OpenApiInteractionValidator validator, FilterableRequestSpecification request,
            Response response, String path) {
        ValidationReport report = validator.validate(asSent(request), RestAssuredResponse.of(response));
        int status = response.statusCode();
        boolean multipart = !request.getMultiPartParams().isEmpty();
        List<String> violations = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            String key = message.getKey();
            if (key.startsWith("validation.request.path.missing")) {
                if (!path.startsWith("/q/") && status != 404 && status != 405) {
                    violations.add("undocumented route answered " + status);
                }
            } else if (key.startsWith("validation.request")) {
                // A multipart body is not rebuilt here (its parts are checked by the service's own tests).
                boolean unseenBody = multipart && key.startsWith("validation.request.body");
                if (status < 400 && !unseenBody) {
                    violations.add("accepted a request the document refuses: " + message.getMessage());
                }
            } else {
                violations.add(message.getMessage() + context(message));
            }
        }
        return violations;
    }

    /**
     * The request as it went out: rest-assured keeps a token given with {@code auth().oauth2(..)} and form
     * parameters out of the specification's headers and body, and may hold the body as bytes.
     */
    static Request asSent(FilterableRequestSpecification request) {
        SimpleRequest.Builder sent = new SimpleRequest.Builder(request.getMethod(), request.getDerivedPath());
        request.getHeaders().forEach(header -> sent.withHeader(header.getName(), header.getValue()));
        if (request.getContentType() != null) {
            sent.withContentType(request.getContentType());
        }
        // The query as it went out (parameters given in the path string included, a repeated one with all its values).
        String query = URI.create(request.getURI()).getRawQuery();
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
            parameters.forEach(sent::withQueryParam);
        }
        if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme token) {
            sent.withAuthorization("Bearer " + token.getAccessToken());
        } else if (request.getAuthenticationScheme() instanceof OAuth2Scheme token) {
            sent.withAuthorization("Bearer " + token.getAccessToken());
        }
        Object body = request.getBody();
        if (body instanceof String text) {
            sent.withBody(text);
        } else if (body instanceof byte[] bytes) {
            sent.withBody(bytes);
        } else if (!request.getFormParams().isEmpty()) {
            StringBuilder form = new StringBuilder();
            // Typed Map<String, String>, but a parameter given twice holds a list.
            Map<?, ?> parameters = request.getFormParams();
            parameters.forEach((name, value) -> values(value).forEach(one -> form.append(form.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(String.valueOf(name), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(one, StandardCharsets.UTF_8))));
            sent.withBody(form.toString());
        }
        return sent.build();
    }

    private static List<String> values(Object value) {
        if (value instanceof java.util.Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static String context(ValidationReport.Message message) {
        return message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo();
    }

    /**
     * The validator of the service at the URI's origin. A server that answers 404 for the document has
     * none (a stand-in) and is remembered as such; a document that could not be read now (a timeout, a
     * 5xx) is tried again at the next request, and the unchecked request is recorded.
     */
    private static Optional<OpenApiInteractionValidator> validator(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        Optional<OpenApiInteractionValidator> known = VALIDATORS.get(origin);
        if (known != null) {
            return known;
        }
        Optional<Optional<OpenApiInteractionValidator>> loaded = load(origin);
        if (loaded.isEmpty()) {
            record("unchecked: the document of " + origin + " could not be read for " + uri.getRawPath());
            return Optional.empty();
        }
        VALIDATORS.put(origin, loaded.get());
        return loaded.get();
    }

    private static Optional<Optional<OpenApiInteractionValidator>> load(String origin) {
        String document;
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 404 || answer.statusCode() == 405) {
                return Optional.of(Optional.empty());
            }
            if (answer.statusCode() != 200 || !answer.body().startsWith("{")) {
                return Optional.empty();
            }
            document = answer.body();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
        if (api == null) {
            throw new AssertionError("OpenAPI contract: the document of " + origin + " does not parse");
        }
        strict(api);
        return Optional.of(Optional.of(OpenApiInteractionValidator.createFor(api).build()));
    }

    /** An object schema that names its properties allows no others. */
    @SuppressWarnings("rawtypes")
    static void strict(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : api.getComponents().getSchemas().values()) {
            if (schema.getProperties() != null && !schema.getProperties().isEmpty()
                    && schema.getAdditionalProperties() == null && schema.getAllOf() == null
                    && schema.getAnyOf() == null && schema.getOneOf() == null) {
                schema.setAdditionalProperties(Boolean.FALSE);
            }
        }
    }

    private static synchronized void record(String message) {
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "openapi-violations.txt"), message + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The assertion (or the next request) still reports it.
        }
    }
}
