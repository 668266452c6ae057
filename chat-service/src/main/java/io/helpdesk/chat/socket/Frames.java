package io.helpdesk.chat.socket;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.chat.message.ChatMessage;
import io.helpdesk.chat.message.MessageView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The wire format: client frames read from JSON text, and the server's frames ({@code {"type": ..., fields...}}) written as it. */
@ApplicationScoped
public class Frames {

    /** A client frame: {@code type} and whichever fields that type uses. */
    @RegisterForReflection
    public record Inbound(String type, String room, String clientId, String text, Long lastSeq, Long before,
            Integer limit, String token) {
    }

    /** A frame that is not a JSON object with a type; its message says what is wrong. */
    public static final class BadFrame extends Exception {
        BadFrame(String message) {
            super(message, null, false, false);
        }
    }

    private final Fanout fanout;
    private final ObjectMapper json;

    public Frames(Fanout fanout, ObjectMapper json) {
        this.fanout = fanout;
        this.json = json;
    }

    public Inbound read(String raw) throws BadFrame {
        Inbound in;
        try {
            in = json.readValue(raw, Inbound.class);
        } catch (Exception e) {
            throw new BadFrame("A frame is a JSON object with a type.");
        }
        if (in == null || in.type() == null) {
            // The JSON text null reads as no frame at all.
            throw new BadFrame("A frame needs a type.");
        }
        return in;
    }

    public String frame(String type, Map<String, Object> fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.putAll(fields);
        return fanout.write(frame);
    }

    public String error(String code, String message) {
        return frame("error", Map.of("code", code, "message", message));
    }

    /** The {@code message} frame every member of the message's room gets, with its sender's name. */
    public static Map<String, Object> messageFrame(ChatMessage m, String senderName) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.putAll(MessageView.of(m, senderName));
        return frame;
    }
}
