package io.helpdesk.chat.socket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.message.MessageRepository;
import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.message.MessageView;
import io.helpdesk.chat.people.Names;

/** The {@code message}, {@code typing} and {@code history} frames of a joined room. */
@ApplicationScoped
public class MessageHandler {

    static final int MAX_TEXT = 4000;
    static final long TYPING_EVERY_MS = 2_000;

    private final MessageStore store;
    private final MessageRepository messages;
    private final Fanout fanout;
    private final Frames frames;
    private final Names names;

    public MessageHandler(MessageStore store, MessageRepository messages, Fanout fanout, Frames frames,
            Names names) {
        this.store = store;
        this.messages = messages;
        this.fanout = fanout;
        this.frames = frames;
        this.names = names;
    }

    String send(ChatConnection session, Frames.Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room before writing to it.");
        }
        if (in.text() == null || in.text().isBlank() || in.text().length() > MAX_TEXT) {
            return frames.error("bad-frame", "A message has 1 to " + MAX_TEXT + " characters of text.");
        }
        if (in.clientId() == null || in.clientId().isBlank() || in.clientId().length() > 100) {
            return frames.error("bad-frame", "A message needs a clientId (at most 100 characters).");
        }
        MessageStore.Stored stored = store.append(in.room(), session.userId(), session.caller().role(), in.clientId(), in.text(), false);
        if (!stored.duplicate()) {
            fanout.publish(in.room(), Frames.messageFrame(stored.message(), session.name()));
        }
        // No presence heartbeat here: ConnectionSweep beats for every joined room of an open socket.
        return frames.frame("ack", Map.of("room", in.room(), "clientId", in.clientId(), "seq", stored.message().seq,
                "duplicate", stored.duplicate()));
    }

    String typing(ChatConnection session, Frames.Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room first.");
        }
        long now = System.currentTimeMillis();
        Long last = session.lastTyping.get(in.room());
        if (last == null || now - last >= TYPING_EVERY_MS) {
            session.lastTyping.put(in.room(), now);
            Map<String, Object> typing = new LinkedHashMap<>();
            typing.put("type", "typing");
            typing.put("room", in.room());
            typing.put("userId", session.userId());
            typing.put("name", session.name());
            fanout.publish(in.room(), typing);
        }
        return null;
    }

    String history(ChatConnection session, Frames.Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room first.");
        }
        int limit = in.limit() == null ? 50 : Math.max(1, Math.min(200, in.limit()));
        List<Map<String, Object>> items = MessageView.of(messages.before(in.room(), in.before(), limit), names);
        return frames.frame("history", Map.of("room", in.room(), "messages", items));
    }
}
