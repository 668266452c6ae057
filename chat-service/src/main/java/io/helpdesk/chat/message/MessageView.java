package io.helpdesk.chat.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import io.helpdesk.chat.people.Names;
import io.helpdesk.platform.web.json.Timestamps;

/**
 * A message as clients see it, in history answers and in {@code message} frames: the sender's id and name.
 * The schema below is what {@link #of(ChatMessage, String)} writes (the contract tests hold the two together).
 */
@Schema(name = "ChatMessage", type = SchemaType.OBJECT, requiredProperties = { "room", "seq", "sender", "senderName", "role",
        "clientId", "text", "system", "at" }, properties = {
                @SchemaProperty(name = "room", type = SchemaType.STRING, description = "The room: ticket:<ticket id>"),
                @SchemaProperty(name = "seq", type = SchemaType.INTEGER, format = "int64", description = "The room's sequence number"),
                @SchemaProperty(name = "sender", type = SchemaType.STRING, description = "The sender's user id (SYSTEM for ticket events)"),
                @SchemaProperty(name = "senderName", type = SchemaType.STRING, nullable = true,
                        description = "The sender's display name; null when the sender is not a person chat knows"),
                @SchemaProperty(name = "role", type = SchemaType.STRING, description = "The sender's role when sending (SYSTEM for ticket events)"),
                @SchemaProperty(name = "clientId", type = SchemaType.STRING,
                        description = "The sender's id for the message (sending it again returns the stored one)"),
                @SchemaProperty(name = "text", type = SchemaType.STRING),
                @SchemaProperty(name = "system", type = SchemaType.BOOLEAN, description = "Written by the system (ticket events)"),
                @SchemaProperty(name = "at", type = SchemaType.STRING, format = "date-time", description = "When it was stored") })
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
