package io.helpdesk.chat.socket;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** The server's frames as JSON text: {@code {"type": ..., fields...}}. */
@ApplicationScoped
public class Frames {

    private final Fanout fanout;

    public Frames(Fanout fanout) {
        this.fanout = fanout;
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
}
