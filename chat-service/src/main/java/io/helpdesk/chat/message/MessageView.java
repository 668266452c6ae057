package io.helpdesk.chat.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helpdesk.chat.people.Names;
import io.helpdesk.platform.web.json.Timestamps;

/** A message as clients see it, in history answers and in {@code message} frames: the sender's id and name. */
public final class MessageView {

    private MessageView() {
    }

    /** One message whose sender's name is known already (null when the directory does not know them). */
    public static Map<String, Object> of(ChatMessage m, String senderName) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("room", m.room);
        view.put("seq", m.seq);
        view.put("sender", m.senderId);
        view.put("senderName", senderName);
        view.put("role", m.senderRole);
        view.put("clientId", m.clientId);
        view.put("text", m.text);
        view.put("system", m.system);
        view.put("at", Timestamps.format(m.at));
        return view;
    }

    /** A page of messages, their senders' names looked up together. */
    public static List<Map<String, Object>> of(List<ChatMessage> page, Names names) {
        Map<String, String> senders = names.of(page.stream().map(m -> m.senderId).toList());
        return page.stream().map(m -> of(m, senders.get(m.senderId))).toList();
    }
}
