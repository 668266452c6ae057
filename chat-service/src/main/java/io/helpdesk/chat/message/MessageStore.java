package io.helpdesk.chat.message;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends messages to a room: each gets the room's next sequence, and the same (room, sender, client id)
 * is stored once. Storage is {@link MessageRepository} and {@link RoomSequenceRepository}.
 */
@ApplicationScoped
public class MessageStore {

    public record Stored(ChatMessage message, boolean duplicate) {
    }

    private final MessageRepository messages;
    private final RoomSequenceRepository sequences;

    public MessageStore(MessageRepository messages, RoomSequenceRepository sequences) {
        this.messages = messages;
        this.sequences = sequences;
    }

    public Stored append(String room, String senderId, String senderRole, String clientId, String text, boolean system) {
        if (clientId != null) {
            ChatMessage existing = messages.byClientId(room, senderId, clientId);
            if (existing != null) {
                return new Stored(existing, true);
            }
        }
        ChatMessage message = new ChatMessage();
        message.id = UUID.randomUUID().toString();
        message.room = room;
        message.seq = sequences.next(room);
        message.senderId = senderId;
        message.senderRole = senderRole;
        message.clientId = clientId == null ? message.id : clientId;
        message.text = text;
        message.system = system;
        message.at = Instant.now();
        if (messages.insert(message)) {
            return new Stored(message, false);
        }
        if (clientId != null) {
            // The same client id raced itself: the first one stored wins.
            return new Stored(messages.byClientId(room, senderId, clientId), true);
        }
        throw new IllegalStateException("Message " + message.id + " collides with a stored one in " + room);
    }
}
