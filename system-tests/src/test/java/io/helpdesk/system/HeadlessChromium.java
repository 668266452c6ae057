package io.helpdesk.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.testing.FreePorts;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own HTTP and
 * WebSocket clients: open a page, then evaluate JavaScript in it until a condition holds.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket devtools;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

    static Optional<Path> installed() {
        return java.util.stream.Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    HeadlessChromium(Path executable) throws IOException, InterruptedException {
        int port = FreePorts.next();
        Path profile = Files.createTempDirectory("chromium-profile");
        process = new ProcessBuilder(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=" + port, "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        String debuggerUrl = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (debuggerUrl == null) {
            try {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode target : targets) {
                    if ("page".equals(target.path("type").asText())) {
                        debuggerUrl = target.path("webSocketDebuggerUrl").asText();
                    }
                }
            } catch (IOException notYet) {
                // the browser is still starting
            }
            if (debuggerUrl == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Chromium did not open its DevTools port");
                }
                Thread.sleep(200);
            }
        }
        devtools = http.newWebSocketBuilder().buildAsync(URI.create(debuggerUrl), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(partial.toString());
                        CompletableFuture<JsonNode> reply = replies.remove(message.path("id").asInt(-1));
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } catch (IOException ignored) {
                        // not a reply
                    }
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }
        }).join();
    }

    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Evaluates the expression every 300 ms until it is true; false when time runs out. */
    boolean waitFor(String expression, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (evaluate(expression).path("result").path("result").path("value").asBoolean(false)) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }

    /** Types a value into the input with this id, as a user would: the page sees an input event. */
    void type(String id, String value) throws Exception {
        evaluate("(() => { const input = document.getElementById(" + JSON.writeValueAsString(id) + "); input.value = "
                + JSON.writeValueAsString(value) + "; input.dispatchEvent(new Event('input', { bubbles: true })); })()");
    }

    /** Submits the form with this id, as its button would. */
    void submit(String id) throws Exception {
        evaluate("document.getElementById(" + JSON.writeValueAsString(id) + ").requestSubmit()");
    }

    String text(String expression) throws Exception {
        return evaluate(expression).path("result").path("result").path("value").asText();
    }

    private JsonNode evaluate(String expression) throws Exception {
        return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        devtools.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
        return reply.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        devtools.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
