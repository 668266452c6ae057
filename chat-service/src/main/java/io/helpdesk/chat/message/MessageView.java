package io.helpdesk.chat.message;

import java.util.LinkedHashMap;
import java.util.Map;

/** A message as clients see it, in history answers and in {@code message} frames. */
public final class MessageView {

    private MessageView() {
    }

    public static Map<String, Object> of(ChatMessage m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("room", m.room);
        view.put("seq", m.seq);
        view.put("sender", m.senderId);
        view.put("role", m.senderRole);
        view.put("clientId", m.clientId);
        view.put("text", m.text);
        view.put("system", m.system);
        view.put("at", m.at.toString());
        return view;
    }
}
