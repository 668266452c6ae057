package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.LogCapture;
import io.helpdesk.platform.testing.metrics.PrometheusText;
import io.helpdesk.platform.testing.probe.ProbeResource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The error contract every service keeps: RFC 9457 problem+json with the right status for each kind
 * of bad request, and nothing internal in a 500. A service's test extends this with {@code @QuarkusTest}.
 */
public abstract class ProblemContractTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    public void unknownRouteAnswers404Problem() {
        given().accept(ContentType.JSON)
                .when().get("/v1/no-such-route/anywhere")
                .then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("type", equalTo("about:blank"))
                .body("instance", equalTo("/v1/no-such-route/anywhere"));
    }

    @Test
    public void unknownSubPathOfAKnownResourceAnswers404Problem() {
        given().when().get("/test-probe/no-such-thing")
                .then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(404));
    }

    @Test
    public void malformedJsonAnswers400Problem() {
        given().contentType(ContentType.JSON).body("{\"name\": \"Ada\", ")
                .when().post("/test-probe/echo")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("detail", equalTo("The request body is not valid JSON."));
    }

    @Test
    public void wrongJsonTypeAnswers400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":\"old\"}")
                .when().post("/test-probe/echo")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", containsInAnyOrder("age"));
    }

    @Test
    public void unsupportedMediaTypeAnswers415Problem() {
        given().contentType(ContentType.TEXT).body("name=Ada")
                .when().post("/test-probe/echo")
                .then().statusCode(415)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(415))
                .body("title", equalTo("Unsupported Media Type"));
    }

    @Test
    public void wrongMethodAnswers405ProblemWithAllow() {
        given().when().delete("/test-probe/echo")
                .then().statusCode(405)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(405));
    }

    @Test
    public void aFieldNamedTwiceIsMalformedJson() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Ada\",\"name\":\"Eve\",\"email\":\"ada@example.com\",\"age\":36}")
                .when().post("/test-probe/echo")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400));
    }

    @Test
    public void oversizedBodyAnswers413Problem() throws Exception {
        // Announce a body over the service's limit (HTTP_MAX_BODY_SIZE); the server answers before reading it.
        long limit = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /test-probe/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (limit + 1) + "\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertProblemThenHangUp(socket, 413);
        }
    }

    @Test
    @DisabledOnIntegrationTest("reads the service's log records, which only a test in its JVM can")
    public void aClientThatHangsUpBeforeItsBodyArrivesIsNoServerError() throws Exception {
        // Regression: the body's blocking read failed with the closed connection, and the service logged
        // an ERROR and recorded a 500 for a request whose caller had gone.
        assertNoServerErrorFromAConnectionThatFails(socket -> {
            Thread.sleep(300); // the request reaches the resource, which waits for the rest of the body
        });
    }

    @Test
    @DisabledOnIntegrationTest("reads the service's log records, which only a test in its JVM can")
    public void aClientThatResetsItsConnectionBeforeItsBodyArrivesIsNoServerError() throws Exception {
        // Regression: a reset (RST) under the body's read came out as a SocketException, which the service
        // took for a store that went away: a WARN that a dependency was unreachable, and a 503.
        assertNoServerErrorFromAConnectionThatFails(socket -> {
            Thread.sleep(300);
            socket.setSoLinger(true, 0); // closing now resets the connection
        });
    }

    /** A connection of the service's own clients that closed is a server failure, not the caller's cut-off body. */
    @Test
    public void aCallWhoseUpstreamConnectionClosedIsStillAServerError() {
        given().when().get("/test-probe/closed-upstream").then().statusCode(500)
                .contentType(startsWith(PROBLEM_JSON)).body("status", equalTo(500));
    }

    /**
     * Regression: a form (an upload, an import) was left to Quarkus REST as it arrived, with no deadline but the
     * connection's idle timeout: a caller could keep one open by sending a byte now and then. Its body, too, must
     * arrive whole within helpdesk.http.body-timeout (2 s in the tests), or the service hangs up (Quarkus REST is
     * reading it, so no answer can come first), with no server error; a whole form is read.
     */
    @Test
    public void aFormThatStallsBeforeItsBodyArrivesIsHungUpOn() throws Exception {
        given().multiPart("name", "Ada").when().post("/test-probe/form").then().statusCode(200).body(equalTo("Ada"));
        given().formParam("name", "Ada").when().post("/test-probe/form").then().statusCode(200).body(equalTo("Ada"));
        double serverErrorsBefore = requestsRecorded("/test-probe/form", "5");
        try (LogCapture logs = LogCapture.of("io.helpdesk.platform.web", Level.FINE)) {
            stallForms();
            // Quarkus REST's read of each body fails as its connection closes: taken for what it is, at DEBUG.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines(Level.ALL,
                    "The connection closed before the body to /test-probe/form was read").size() >= 2);
            assertEquals(List.of(), logs.lines(Level.WARNING, "/test-probe/form"));
        }
        assertEquals(serverErrorsBefore, requestsRecorded("/test-probe/form", "5"), "no 5xx recorded");
    }

    private static void stallForms() throws IOException {
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--b--\r\n";
        for (String[] form : List.of(new String[] { "multipart/form-data; boundary=b", multipart },
                new String[] { "application/x-www-form-urlencoded", "name=Ada" })) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(10_000);
                String head = "POST /test-probe/form HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + form[0]
                        + "\r\nContent-Length: 1000\r\n\r\n";
                socket.getOutputStream().write((head + form[1].substring(0, 4)).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                long begin = System.nanoTime();
                int read;
                try {
                    read = socket.getInputStream().read();
                } catch (SocketException reset) {
                    read = -1;
                }
                assertEquals(-1, read, form[0] + ": hung up on, nothing answered");
                assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(9)) < 0, form[0]);
            }
        }
    }

    @Test
    @DisabledOnIntegrationTest("reads the service's log records, which only a test in its JVM can")
    public void aClientThatStallsBeforeItsBodyArrivesIsNoServerError() throws Exception {
        // Regression: a caller that sent part of its body and then nothing (a slow or stuck client, or a
        // slowloris) was cut off by the read timeout, and the service logged an ERROR with its stack trace.
        // Now its body must arrive whole within helpdesk.http.body-timeout (2 s in the tests): a 408, and a hang-up.
        assertNoServerErrorFromAConnectionThatFails(socket -> {
            socket.setSoTimeout(10_000);
            assertProblemThenHangUp(socket, 408);
        });
    }

    @Test
    @DisabledOnIntegrationTest("looks at the service's threads, which only a test in its JVM can")
    public void aSlowBodyHoldsNoThreadWhileItArrives() throws Exception {
        // Regression: a blocking resource's body was read on its worker thread as it arrived, so a caller that
        // sent it slowly held the thread, and 300 such callers held a service's logins for a minute.
        String body = "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36}";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /test-probe/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 12))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // time for the request to reach a resource, were it dispatched before its body is in
            assertEquals(List.of(), threadsReadingABody());
            out.write(body.substring(12).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response, startsWith("HTTP/1.1 200"));
            assertThat(response, containsString("\"name\":\"Ada\""));
        }
    }

    /** The threads blocked in Quarkus REST's reader of a request body, which waits on the caller's bytes. */
    private static List<String> threadsReadingABody() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName()
                        .startsWith("org.jboss.resteasy.reactive.server.vertx.VertxInputStream")))
                .map(thread -> thread.getKey().getName())
                .toList();
    }

    @Test
    public void aClientThatAsksForHttp2IsAnsweredOverHttp1WithItsBodyRead() throws Exception {
        // Regression: java.net.http asks a cleartext server to upgrade to HTTP/2 (h2c); the service agreed, read
        // the body first, and Quarkus REST then failed every such request with a 500 ("Request has already been read").
        // It asks on a request without a body and then sends the rest on the connection it got.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String base = "http://localhost:" + RestAssured.port + "/test-probe/";
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "page?size=3")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(HttpClient.Version.HTTP_1_1, page.version());
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertThat(response.body(), containsString("\"name\":\"Ada\""));
    }

    @Test
    public void aChunkedBodyOverTheLimitAnswers413Problem() throws Exception {
        // A body without a length is counted as it arrives: one byte over the limit is refused, and the rest never read.
        long limit = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /test-probe/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (long sent = 0; sent <= limit; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException hungUp) {
                // the service answered and closed the connection before the rest was written
            }
            assertProblemThenHangUp(socket, 413);
        }
    }

    @Test
    @DisabledOnIntegrationTest("relies on the test profile's helpdesk.http.body-buffer, which the packaged service does not read")
    public void bodiesInProgressOverTheBufferAnswer503ProblemAndHoldNothingOnceGone() throws Exception {
        // The bodies of all requests in progress may hold helpdesk.http.body-buffer (12M in the tests) together:
        // two callers that each send 7 MiB and then wait are more than that; the second is refused with 503.
        long budget = ConfigProvider.getConfig().getValue("helpdesk.http.body-buffer", MemorySize.class).asLongValue();
        int size = (int) (budget * 7 / 12);
        byte[] part = new byte[size];
        Arrays.fill(part, (byte) ' ');
        String head = "POST /test-probe/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (size + 1) + "\r\n\r\n";
        try (Socket first = new Socket("localhost", RestAssured.port);
                Socket second = new Socket("localhost", RestAssured.port)) {
            first.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().write(part);
            first.getOutputStream().flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bodiesHeld() >= size);
            second.setSoTimeout(10_000);
            second.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                second.getOutputStream().write(part);
                second.getOutputStream().flush();
            } catch (IOException hungUp) {
                // the service answered and closed the connection before the rest was written
            }
            assertThat(assertProblemThenHangUp(second, 503).toLowerCase(java.util.Locale.ROOT), containsString("retry-after: "));
        }
        // Every byte held is let go once the callers are gone, and a body that fits is read again.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bodiesHeld() == 0);
        validBodyStillWorks();
    }

    /**
     * What the service answered before it closed the connection: a problem with {@code status}. A close with
     * the caller's bytes still arriving may reach it as a reset after the answer; what came before counts.
     */
    private static String assertProblemThenHangUp(Socket socket, int status) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) != -1;) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed under the rest of the caller's body
        }
        String response = received.toString(StandardCharsets.UTF_8);
        assertThat(response, startsWith("HTTP/1.1 " + status));
        assertThat(response.toLowerCase(java.util.Locale.ROOT), containsString("content-type: " + PROBLEM_JSON));
        assertThat(response, containsString("\"status\":" + status));
        return response;
    }

    private static double bodiesHeld() {
        return MetricsContractTest.scrape().samples("helpdesk_http_request_bodies_held_bytes").stream()
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    private interface Caller {
        void then(Socket socket) throws Exception;
    }

    /** Sends half a request body, lets {@code caller} fail the connection, and reads what the service made of it. */
    private void assertNoServerErrorFromAConnectionThatFails(Caller caller) throws Exception {
        double requestsBefore = requestsRecorded("/test-probe/echo", "");
        double serverErrorsBefore = requestsRecorded("/test-probe/echo", "5");
        try (LogCapture logs = LogCapture.of("io.helpdesk.platform.web", Level.FINE)) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                String request = "POST /test-probe/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"name\": \"Ada";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                caller.then(socket);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !logs.lines(Level.ALL, "/test-probe/echo").isEmpty());
            assertEquals(List.of(), logs.lines(Level.WARNING, "/test-probe/echo"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> requestsRecorded("/test-probe/echo", "") > requestsBefore); // the request is measured
        assertEquals(serverErrorsBefore, requestsRecorded("/test-probe/echo", "5"), "no 5xx recorded");
    }

    /** How many requests to {@code uri} the request metrics have recorded with a status that starts so. */
    private static double requestsRecorded(String uri, String status) {
        return MetricsContractTest.scrape().samples("http_server_requests_seconds_count").stream()
                .filter(sample -> uri.equals(sample.labels().get("uri"))
                        && sample.labels().getOrDefault("status", "").startsWith(status))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    @Test
    public void beanValidationAnswers400ListingEveryFailingField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"\",\"email\":\"not-an-email\",\"age\":-1}")
                .when().post("/test-probe/echo")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("The request has 3 invalid fields."))
                .body("errors.field", containsInAnyOrder("name", "email", "age"))
                .body("errors.detail", hasItem(notNullValue()));
    }

    @Test
    public void invalidQueryParameterAnswers400NamingIt() {
        given().queryParam("size", 1000)
                .when().get("/test-probe/page")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", containsInAnyOrder("size"));
    }

    @Test
    public void unconvertibleQueryParameterAnswers400() {
        given().queryParam("size", "ten")
                .when().get("/test-probe/page")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    public void validBodyStillWorks() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36}")
                .when().post("/test-probe/echo")
                .then().statusCode(200)
                .body("name", equalTo("Ada"));
    }

    @Test
    public void unexpectedErrorAnswers500WithoutInternals() {
        given().when().get("/test-probe/boom")
                .then().statusCode(500)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(500))
                .body("title", equalTo("Internal Server Error"))
                .body("detail", startsWith("An unexpected error occurred. Quote reference "))
                .body(allOf(
                        not(containsString(ProbeResource.SECRET)),
                        not(containsString("IllegalStateException")),
                        not(containsString("io.helpdesk")),
                        not(containsString("\tat "))));
    }
}
