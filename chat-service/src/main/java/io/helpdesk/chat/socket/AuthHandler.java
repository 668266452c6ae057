package io.helpdesk.chat.socket;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.people.Names;
import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The {@code auth} frame: a fresh token of the same user keeps the socket open past the old one's
 * expiry. Everything is taken from the fresh token: its role decides again, and every joined room is
 * checked again; the rooms it may no longer read are left, each with a {@code left} frame.
 */
@ApplicationScoped
public class AuthHandler {

    private final TokenVerifier verifier;
    private final Rooms rooms;
    private final RoomHandler roomHandler;
    private final Frames frames;
    private final Names names;

    public AuthHandler(TokenVerifier verifier, Rooms rooms, RoomHandler roomHandler, Frames frames, Names names) {
        this.verifier = verifier;
        this.rooms = rooms;
        this.roomHandler = roomHandler;
        this.frames = frames;
        this.names = names;
    }

    String reauthenticate(WebSocketConnection connection, ChatConnection session, String token) {
        TokenVerifier.Verified fresh;
        try {
            fresh = verifier.verify(token);
        } catch (RuntimeException e) {
            return frames.error("bad-token", "The token is not valid for this connection.");
        }
        if (!session.userId().equals(fresh.caller().id())) {
            return frames.error("bad-token", "The token is not valid for this connection.");
        }
        session.token(fresh, names.of(fresh.caller().id()));
        for (String room : List.copyOf(session.rooms)) {
            Rooms.Verdict verdict = rooms.mayJoin(room, fresh.caller());
            if (!verdict.allowed() && !"unavailable".equals(verdict.reason())) {
                roomHandler.depart(connection, session, room);
                Fanout.send(connection, frames.frame("left", Map.of("room", room, "reason", verdict.reason())));
            }
        }
        return frames.frame("authenticated", Map.of("expiresAt", fresh.expiresAt(), "role", fresh.caller().role()));
    }
}
