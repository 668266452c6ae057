package io.helpdesk.ticket.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import com.mongodb.client.model.IndexModel;

import org.bson.BsonDocument;

import io.helpdesk.ticket.config.TicketConfig;

/**
 * The choice of search made at start-up, for each {@code tickets.search.mode} and each kind of store:
 * one with {@code $text}, one that reads it as a field and finds nothing (the MongoDB-wire stand-in;
 * {@code TicketListTest} runs against it), one that refuses it.
 */
class TicketTextSearchTest {

    enum Store {
        WITH_TEXT, FINDS_NOTHING, REFUSES
    }

    /** The store's side of the probe, as each kind of store answers it; records the indexes asked for. Not a bean. */
    @Vetoed
    static final class ProbedStore extends TicketRepository {
        final Store store;
        final List<String> created = new ArrayList<>();

        ProbedStore(Store store) {
            this.store = store;
        }

        @Override
        void createIndex(IndexModel index) {
            created.add(index.getOptions().getName());
        }

        @Override
        boolean textFinds() {
            if (store == Store.REFUSES) {
                throw new MongoCommandException(BsonDocument.parse("{ok: 0, errmsg: 'unknown operator: $text', code: 2}"),
                        new ServerAddress());
            }
            return store == Store.WITH_TEXT;
        }
    }

    private static TicketConfig mode(TicketConfig.SearchMode mode) {
        TicketConfig.Search search = () -> mode;
        return (TicketConfig) Proxy.newProxyInstance(TicketConfig.class.getClassLoader(), new Class<?>[] { TicketConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("search")) {
                        return search;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static TicketTextSearch started(Store store, TicketConfig.SearchMode mode, List<String> created) {
        ProbedStore repository = new ProbedStore(store);
        TicketTextSearch search = new TicketTextSearch(repository, mode(mode));
        search.detect(null);
        created.addAll(repository.created);
        return search;
    }

    @Test
    void autoSearchesByWordsWhereTheStoreFindsByTextAndLiterallyElsewhere() {
        List<String> created = new ArrayList<>();
        assertTrue(started(Store.WITH_TEXT, TicketConfig.SearchMode.AUTO, created).words());
        assertEquals(List.of("ticket_text"), created);
        assertFalse(started(Store.FINDS_NOTHING, TicketConfig.SearchMode.AUTO, created).words());
        assertFalse(started(Store.REFUSES, TicketConfig.SearchMode.AUTO, created).words());
    }

    @Test
    void textIsRequiredWhenAskedFor() {
        List<String> created = new ArrayList<>();
        assertTrue(started(Store.WITH_TEXT, TicketConfig.SearchMode.TEXT, created).words());
        for (Store without : List.of(Store.FINDS_NOTHING, Store.REFUSES)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> started(without, TicketConfig.SearchMode.TEXT, new ArrayList<>()));
            assertTrue(refused.getMessage().startsWith("tickets.search.mode=text"), refused.getMessage());
        }
    }

    @Test
    void literalNeverCreatesTheTextIndexNorAsksTheStore() {
        List<String> created = new ArrayList<>();
        assertFalse(started(Store.WITH_TEXT, TicketConfig.SearchMode.LITERAL, created).words());
        assertEquals(List.of(), created);
    }

    @Test
    void theWordsOfASearchAreLettersAndDigitsOnly() {
        assertEquals(List.of("Drucker", "streikt", "3", "mal", "über"), TicketTextSearch.words("\"Drucker\" -streikt: 3× mal über!"));
        assertEquals(List.of(), TicketTextSearch.words("+-+ \"\""));
    }
}
