package io.helpdesk.chat.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.helpdesk.chat.message.MessageRepository;
import io.quarkus.runtime.StartupEvent;

/**
 * Every index of the chat-service, by collection, created at start-up: the one place they are declared
 * (the people directory's come with it from platform/people). {@code ChatIndexCoverageTest} reads each
 * query the repositories build (the history, a reconnect's replay, the socket's history, a resent
 * message) and proves that one of these serves it. {@code room_members} and {@code room_sequences} are
 * only read and written by id.
 */
@ApplicationScoped
public class ChatIndexes {

    /** {@code messages}: a room's sequence (unique: the history's order and its pages) and a sender's client ids. */
    public static final List<IndexModel> MESSAGES = List.of(
            new IndexModel(Indexes.ascending("room", "seq"), new IndexOptions().unique(true).name("room_seq")),
            new IndexModel(Indexes.ascending("room", "senderId", "clientId"), new IndexOptions().unique(true).name("dedupe")));

    private final MessageRepository messages;

    public ChatIndexes(MessageRepository messages) {
        this.messages = messages;
    }

    void create(@Observes StartupEvent started) {
        messages.mongoCollection().createIndexes(MESSAGES);
    }
}
