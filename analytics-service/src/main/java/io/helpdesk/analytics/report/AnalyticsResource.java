package io.helpdesk.analytics.report;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.analytics.config.AnalyticsConfig;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Path("/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.AGENT, Roles.ADMIN })
@Tag(name = "Analytics", description = "Help-desk figures (AGENT, ADMIN); customers get 403")
@SecurityRequirement(name = "bearer")
public class AnalyticsResource {

    static final String FORMAT = "^(json|csv|pdf)$";
    static final String CSV = "text/csv";
    static final String PDF = "application/pdf";
    private static final String CACHE = "X-Cache";
    private static final String CACHE_TEXT = "HIT when the report came from the cache, MISS when it was computed";
    private static final String FILE = "Content-Disposition";
    private static final String FILE_TEXT = "attachment; filename=\"...\" (exports only)";

    private final Reports reports;
    private final ReportCache cache;
    private final ReportDocuments documents;
    private final AnalyticsConfig config;
    private final CurrentCaller caller;

    public AnalyticsResource(Reports reports, ReportCache cache, ReportDocuments documents,
            AnalyticsConfig config, CurrentCaller caller) {
        this.reports = reports;
        this.cache = cache;
        this.documents = documents;
        this.config = config;
        this.caller = caller;
    }

    /** The overview, with whether it came from the cache. */
    @RegisterForReflection
    @Schema(requiredProperties = { "cached", "report" })
    public record OverviewAnswer(boolean cached, Reports.Overview report) {
    }

    /** The trends, with whether they came from the cache. */
    @RegisterForReflection
    @Schema(requiredProperties = { "cached", "report" })
    public record TrendsAnswer(boolean cached, List<Reports.TrendPoint> report) {
    }

    /** An agent's figures, with whether they came from the cache. */
    @RegisterForReflection
    @Schema(requiredProperties = { "cached", "report" })
    public record AgentAnswer(boolean cached, Reports.AgentReport report) {
    }

    @GET
    @Path("/overview")
    @Produces({ MediaType.APPLICATION_JSON, CSV, PDF })
    @Operation(operationId = "getOverview", summary = "Overview of a window", description = "Tickets created in [from, to) (default: the last 30 days)."
            + " format=csv or format=pdf (with charts) for export. Every figure is defined in the service README.")
    @APIResponse(responseCode = "200", description = "The overview (JSON), or its CSV (format=csv) or PDF (format=pdf) file",
            headers = { @Header(name = CACHE, description = CACHE_TEXT, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = FILE, description = FILE_TEXT, schema = @Schema(type = SchemaType.STRING)) },
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OverviewAnswer.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "503", description = "The daily roll-ups are still being built from the facts (the first start after an"
            + " upgrade from a version without them); Retry-After says when to ask again")
    public Response overview(@QueryParam("from") Instant from, @QueryParam("to") Instant to,
            @QueryParam("format") @DefaultValue("json") @Pattern(regexp = FORMAT) String format) {
        Instant[] window = window(from, to);
        ReportCache.Cached<Reports.Overview> overview = cache.get("overview:" + window[0] + ":" + window[1],
                cache.type(Reports.Overview.class), () -> reports.overview(window[0], window[1], Instant.now()));
        return switch (format) {
            case "csv" -> file(documents.overviewCsv(overview.value()), CSV, "overview.csv", overview.hit());
            case "pdf" -> file(documents.overviewPdf(overview.value()), PDF, "helpdesk-report.pdf", overview.hit());
            default -> json(new OverviewAnswer(overview.hit(), overview.value()), overview.hit());
        };
    }

    @GET
    @Path("/trends")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(operationId = "getTrends", summary = "Opened, resolved and breached tickets per day, ISO week or month")
    @APIResponse(responseCode = "200", description = "The periods, oldest first (JSON), or their CSV file (format=csv)",
            headers = { @Header(name = CACHE, description = CACHE_TEXT, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = FILE, description = FILE_TEXT, schema = @Schema(type = SchemaType.STRING)) },
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrendsAnswer.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "503", description = "The daily roll-ups are still being built from the facts (the first start after an"
            + " upgrade from a version without them); Retry-After says when to ask again")
    public Response trends(@QueryParam("interval") @DefaultValue("day") @Pattern(regexp = "^(day|week|month)$") String interval,
            @QueryParam("from") Instant from, @QueryParam("to") Instant to,
            @QueryParam("format") @DefaultValue("json") @Pattern(regexp = "^(json|csv)$") String format) {
        Instant[] window = window(from, to);
        ReportCache.Cached<List<Reports.TrendPoint>> trends = cache.get("trends:" + interval + ":" + window[0] + ":" + window[1],
                cache.listOf(Reports.TrendPoint.class), () -> reports.trends(interval, window[0], window[1]));
        return "csv".equals(format) ? file(documents.trendsCsv(trends.value()), CSV, "trends.csv", trends.hit())
                : json(new TrendsAnswer(trends.hit(), trends.value()), trends.hit());
    }

    @GET
    @Path("/agents/{id}")
    @Operation(operationId = "getAgentReport", summary = "One agent's figures", description = "Agents see only their own (403 otherwise); admins anyone's.")
    @APIResponse(responseCode = "200", description = "The agent's figures",
            headers = @Header(name = CACHE, description = CACHE_TEXT, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentAnswer.class)))
    public Response agent(@PathParam("id") @Size(max = 64) String agentId, @QueryParam("from") Instant from,
            @QueryParam("to") Instant to) {
        if (!caller.get().admin() && !agentId.equals(caller.get().id())) {
            throw new ProblemException(403, "Agents see their own figures only.");
        }
        Instant[] window = window(from, to);
        ReportCache.Cached<Reports.AgentReport> report = cache.get("agent:" + agentId + ":" + window[0] + ":" + window[1],
                cache.type(Reports.AgentReport.class), () -> reports.agent(agentId, window[0], window[1]));
        return json(new AgentAnswer(report.hit(), report.value()), report.hit());
    }

    private Instant[] window(Instant from, Instant to) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(config.defaultWindow()) : from;
        if (!start.isBefore(end)) {
            throw new ProblemException(400, Problem.BLANK, null, "'from' must be before 'to'.",
                    List.of(new Problem.FieldError("from", "must be before to")), null);
        }
        if (start.plus(config.maxWindow()).isBefore(end)) {
            throw new ProblemException(400, Problem.BLANK, null, "The window may span at most " + config.maxWindow().toDays() + " days.",
                    List.of(new Problem.FieldError("from", "too far before to")), null);
        }
        return new Instant[] { start, end };
    }

    private static Response json(Object body, boolean hit) {
        return Response.ok(body, MediaType.APPLICATION_JSON).header("X-Cache", hit ? "HIT" : "MISS").build();
    }

    private static Response file(Object body, String type, String name, boolean hit) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Cache", hit ? "HIT" : "MISS").build();
    }
}
