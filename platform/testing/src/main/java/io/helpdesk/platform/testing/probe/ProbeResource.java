package io.helpdesk.platform.testing.probe;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;

import com.mongodb.client.MongoClient;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.http.HttpClosedException;

/**
 * Test-only endpoints that exist in every service's test build (this module is a test dependency),
 * so the shared contract tests can drive each kind of failure through the real HTTP stack.
 */
@Path("/test-probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    /** A message that must never reach a client. */
    public static final String SECRET = "internal-secret-db01-password";

    private final MongoClient mongo;
    private final RedisDataSource redis;
    private final String database;
    private final io.helpdesk.platform.security.CurrentCaller caller;

    public ProbeResource(MongoClient mongo, RedisDataSource redis,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, io.helpdesk.platform.security.CurrentCaller caller) {
        this.mongo = mongo;
        this.redis = redis;
        this.database = database;
        this.caller = caller;
    }

    public record Person(@NotBlank String name, @NotBlank @Email String email, @Min(0) int age) {
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    public Person echo(@Valid Person person) {
        return person;
    }

    /** A call to another service whose connection closed under it, after this request arrived whole. */
    @GET
    @Path("/closed-upstream")
    public String closedUpstream() {
        throw new IllegalStateException(new HttpClosedException("Connection was closed"));
    }

    /** A form, multipart or URL-encoded, as an upload or an import is sent. */
    @POST
    @Path("/form")
    @Consumes({ MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces(MediaType.TEXT_PLAIN)
    public String form(@RestForm String name) {
        return String.valueOf(name);
    }

    @GET
    @Path("/page")
    public int page(@QueryParam("size") @Min(1) @Max(100) int size) {
        return size;
    }

    /** What the token says, beside the caller the platform made of it. */
    public record Me(String subject, java.util.Set<String> groups, io.helpdesk.platform.security.Caller caller) {
    }

    @GET
    @Path("/me")
    @io.quarkus.security.Authenticated
    public Me me(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext security) {
        org.eclipse.microprofile.jwt.JsonWebToken token = (org.eclipse.microprofile.jwt.JsonWebToken) security.getUserPrincipal();
        return new Me(token.getSubject(), token.getGroups(), caller.get());
    }

    @GET
    @Path("/admin")
    @jakarta.annotation.security.RolesAllowed(io.helpdesk.platform.security.Roles.ADMIN)
    public String admin() {
        return "ok";
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException(SECRET);
    }

    @GET
    @Path("/mongo")
    public Document mongo() {
        long count = mongo.getDatabase(database).getCollection("probe").countDocuments();
        return new Document("count", count);
    }

    @GET
    @Path("/redis")
    public Document redis() {
        return new Document("value", redis.value(String.class).get("probe"));
    }

    /**
     * Fails as a store command does when it is written to a connection the store just closed: Netty's
     * closed channel, wrapped as the reactive clients hand it over. (Redis going away under load hits
     * this window only now and then, so the contract drives it directly.)
     */
    @GET
    @Path("/closed-channel")
    public Document closedChannel() {
        throw new java.util.concurrent.CompletionException(new java.nio.channels.ClosedChannelException());
    }

    /** The trace this request runs in (valid: a real trace, not the empty one), and whether it is recorded. */
    public record Trace(String traceId, boolean valid, boolean sampled) {
    }

    @GET
    @Path("/trace")
    public Trace trace() {
        io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
        return new Trace(span.getTraceId(), span.isValid(), span.isSampled());
    }

    /** A Redis command that waits two seconds for a list that never fills: Redis can go away under it. */
    @GET
    @Path("/redis-wait")
    public Document redisWait() {
        return new Document("value", String.valueOf(redis.list(String.class).blpop(java.time.Duration.ofSeconds(2), "probe:never")));
    }
}
