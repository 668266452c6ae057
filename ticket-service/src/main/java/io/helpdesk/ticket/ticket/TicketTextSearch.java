package io.helpdesk.ticket.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.mongodb.MongoException;

import io.helpdesk.ticket.config.TicketConfig;
import io.quarkus.runtime.StartupEvent;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * Which search the list's {@code q} runs, decided once at start-up ({@code tickets.search.mode}):
 * {@code text} creates the text index {@link TicketIndexes#TEXT} and searches by words with
 * {@code $text}; {@code literal} searches the text as typed with a case-insensitive regex (no index
 * serves it; the other filters bound the scan); {@code auto} (the default) creates the text index,
 * asks the store for a {@code $text} match, and searches by words when it answers, literally when it
 * refuses (the MongoDB-wire stand-in of the tests and the devstack has no {@code $text}).
 */
@ApplicationScoped
public class TicketTextSearch {

    private static final Logger LOG = Logger.getLogger(TicketTextSearch.class);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final TicketRepository tickets;
    private final TicketConfig config;
    private volatile boolean words;

    public TicketTextSearch(TicketRepository tickets, TicketConfig config) {
        this.tickets = tickets;
        this.config = config;
    }

    void detect(@Observes StartupEvent started) {
        TicketConfig.SearchMode mode = config.search().mode();
        if (mode == TicketConfig.SearchMode.LITERAL) {
            words = false;
            LOG.info("Ticket search: literal (tickets.search.mode=literal)");
            return;
        }
        String why;
        try {
            tickets.createIndex(TicketIndexes.TEXT);
            why = tickets.textFinds() ? null : "a $text query finds nothing";
        } catch (MongoException refused) {
            why = refused.getMessage();
        }
        if (why == null) {
            words = true;
            LOG.infof("Ticket search: by words, with the text index %s", TicketIndexes.TEXT.getOptions().getName());
            return;
        }
        if (mode == TicketConfig.SearchMode.TEXT) {
            throw new IllegalStateException("tickets.search.mode=text, but the store has no $text: " + why);
        }
        words = false;
        LOG.infof("Ticket search: literal; the store has no $text (%s)", why);
    }

    /** Whether {@code q} searches by words with {@code $text} (else literally). */
    public boolean words() {
        return words;
    }

    /**
     * The words of a search as {@code $text} gets them: letters and digits only, so nothing in
     * {@code q} reads as a phrase ({@code "…"}) or a negation ({@code -word}).
     */
    static List<String> words(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
