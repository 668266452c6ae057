package io.helpdesk.platform.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;

/** A test's WebSocket client: sends frames as maps, receives them as JSON in order. */
public final class ChatClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final BlockingQueue<JsonPath> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static ChatClient connect(URI uri, String token) {
        ChatClient client = new ChatClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, client).join();
        return client;
    }

    public void send(Map<String, Object> frame) {
        try {
            socket.sendText(JSON.writeValueAsString(frame), true).join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Joins the room and waits for the service's {@code joined} frame, which it returns. */
    public JsonPath join(String room) {
        send(Map.of("type", "join", "room", room));
        return next("joined");
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame of this type; frames of other types before it are dropped. */
    public JsonPath next(String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonPath frame = frames.poll(200, TimeUnit.MILLISECONDS);
                if (frame != null && type.equals(frame.getString("type"))) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("No '" + type + "' frame arrived");
    }

    /** The next frame of any type within the wait, or null. */
    public JsonPath poll(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(new JsonPath(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
