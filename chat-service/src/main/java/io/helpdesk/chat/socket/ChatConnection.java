package io.helpdesk.chat.socket;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.websockets.next.WebSocketConnection;

/** What the server remembers of one open socket: whose token it runs on, its rooms, its limits. */
final class ChatConnection {

    static final int RATE_BURST = 20;
    static final long RATE_WINDOW_MS = 10_000;

    /** The socket itself, so a frame for it needs no search among every open connection. */
    final WebSocketConnection socket;
    /** The token the socket runs on now: the upgrade's, or the latest from an {@code auth} frame. */
    private volatile TokenVerifier.Verified token;
    /** The user's display name, looked up when the token is (re)checked; null when the directory does not know them. */
    private volatile String name;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    final Map<String, Long> lastTyping = new ConcurrentHashMap<>();
    volatile long lastSeen = System.currentTimeMillis();
    private long windowStart;
    private int inWindow;

    ChatConnection(WebSocketConnection socket, TokenVerifier.Verified token, String name) {
        this.socket = socket;
        this.token = token;
        this.name = name;
    }

    TokenVerifier.Verified token() {
        return token;
    }

    void token(TokenVerifier.Verified fresh, String name) {
        this.token = fresh;
        this.name = name;
    }

    String name() {
        return name;
    }

    Caller caller() {
        return token.caller();
    }

    String userId() {
        return token.caller().id();
    }

    /** A frame or a pong came in: the connection is not idle. */
    void seen() {
        lastSeen = System.currentTimeMillis();
    }

    synchronized boolean admit() {
        long now = System.currentTimeMillis();
        if (now - windowStart > RATE_WINDOW_MS) {
            windowStart = now;
            inWindow = 0;
        }
        return ++inWindow <= RATE_BURST;
    }
}
