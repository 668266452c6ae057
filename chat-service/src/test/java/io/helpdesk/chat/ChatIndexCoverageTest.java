package io.helpdesk.chat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Sorts;

import io.helpdesk.chat.message.MessageRepository;
import io.helpdesk.chat.storage.ChatIndexes;
import io.helpdesk.platform.testing.index.FilterShapes;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.helpdesk.platform.web.paging.Keyset;

/**
 * Every query the chat-service runs on its messages is served by an index declared in {@link ChatIndexes}:
 * the REST history on its first page and after a cursor, a reconnect's replay, the socket's history and
 * a resent message. The shapes are read off the filters the repository builds ({@link FilterShapes}).
 */
class ChatIndexCoverageTest {


    @Test
    void everyQueryOfTheMessages() {
        String cursor = Keyset.encode(MessageRepository.NEWEST_FIRST, new Keyset.Position(120L, "m1"));
        List<QueryShape> shapes = new ArrayList<>();
        for (String position : new String[] { null, cursor }) {
            shapes.addAll(FilterShapes.of("history cursor=" + position, MessageRepository.page("team:agents", position),
                    Sorts.descending("seq")));
        }
        for (Long before : new Long[] { null, 120L }) {
            shapes.addAll(FilterShapes.of("socket history before=" + before, MessageRepository.olderThan("team:agents", before),
                    Sorts.descending("seq")));
        }
        shapes.addAll(FilterShapes.of("a reconnect's replay", MessageRepository.newerThan("team:agents", 7L), Sorts.ascending("seq")));
        shapes.addAll(FilterShapes.of("a resent message", MessageRepository.byClient("team:agents", "u1", "c1"), null));
        IndexCoverage.assertServed(shapes, IndexCoverage.withId(ChatIndexes.MESSAGES));
    }
}
