package io.helpdesk.ticket.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.ticket.LegacyConversation;
import io.helpdesk.ticket.ticket.TicketMessageRepository;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves the conversation and history that tickets stored by an earlier version embed into the
 * {@code ticket_messages} and {@code ticket_history} collections ({@link LegacyConversation} moves one ticket:
 * rows first, then one conditional update of the ticket, so each step can be repeated).
 *
 * <p>One pass walks the tickets not moved yet in {@code _id} order, a batch at a time, and keeps how far it
 * got in {@code migrations} ({@value #PROGRESS}: {@code after}, {@code moved}, {@code completedAt}), so a
 * pass stopped anywhere (a crash, the budget, the store down) goes on from there. Replicas may run it at
 * once: each ticket's move is conditional and the same whoever makes it, and the progress only moves
 * forward ({@code $max}). Once a pass finds nothing left it records {@code completedAt} and no replica walks
 * the tickets again.
 *
 * <p>It runs at start for at most {@code tickets.migration.startup-budget}, then every
 * {@code tickets.migration.retry-every} until done. The service takes traffic meanwhile: it moves any ticket
 * it loads that is not moved yet before using it, so such a ticket reads and writes as before. Lists and
 * search read the ticket's counters and search text, which a ticket gets when it is moved: until the pass
 * is done, an earlier version's ticket shows no message count and is not found by its messages' text.
 * Replicas of the earlier version may run beside this one (a rolling update): a moved ticket one of them
 * saves holds arrays again, and is moved again on its next read, after the rows it has.
 *
 * <p>A ticket that cannot be moved when the pass comes to it (written all the while, or unreadable) does not
 * stop the pass: it is kept in {@code skipped}, tried again when the walk ends and on every check, and the
 * pass is done only once none is left. Then the public message rows written before they were numbered get
 * their {@code publicSeq} ({@value #PUBLIC_PLACES}), until none lacks it.
 */
@ApplicationScoped
public class ConversationMigration {

    private static final Logger LOG = Logger.getLogger(ConversationMigration.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ConversationMigration.class);
    static final String PROGRESS = "ticket-conversations";
    /** The numbering of public message rows written before they had {@code publicSeq}: done once none lacks it. */
    static final String PUBLIC_PLACES = "ticket-public-places";
    private static final int BATCH = 100;
    /** How far apart the clocks of the replicas that stamp {@code updatedAt} may be. */
    static final Duration CLOCKS_APART = Duration.ofMinutes(2);

    private final MongoCollection<Document> tickets;
    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> progress;
    private final LegacyConversation legacy;
    private final Duration startupBudget;
    private final Duration watchFor;
    private final AtomicBoolean running = new AtomicBoolean();

    public ConversationMigration(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            TicketRepository tickets, TicketMessageRepository messages, LegacyConversation legacy, TicketConfig config) {
        this.tickets = tickets.documents();
        this.messages = messages.documents();
        this.progress = mongo.getDatabase(database).getCollection("migrations");
        this.legacy = legacy;
        this.startupBudget = config.migration().startupBudget();
        this.watchFor = config.migration().watchFor();
    }

    void atStart(@Observes StartupEvent started) {
        runLogged(startupBudget);
    }

    @Scheduled(every = "${tickets.migration.retry-every:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void check() {
        if (!done()) {
            runLogged(null);
            return;
        }
        try {
            int moved = sweep();
            if (moved > 0) {
                LOG.infof("Moved the conversation and history of %d tickets an earlier version saved after the move", moved);
            }
        } catch (RuntimeException e) {
            THROTTLED.warnf("migration-lookup-stopped",
                    "Looking for tickets an earlier version saved after the move stopped (tried again at the next check): %s",
                    e.getMessage());
        }
    }

    /**
     * Moves the tickets saved since the last sweep (or since the pass began) that hold arrays again: a
     * replica of the earlier version saved them after they were moved, during a rolling update (or behind
     * the pass's walk). Only for {@code tickets.migration.watch-for} after the pass was done; returns how
     * many it moved. The next sweep starts from this one's start (less {@link #CLOCKS_APART}) only when every
     * ticket found was moved.
     */
    public int sweep() {
        Document state = progress.find(Filters.eq("_id", PROGRESS)).first();
        Date completed = state == null ? null : state.getDate("completedAt");
        Instant now = Instant.now();
        if (completed == null || now.isAfter(completed.toInstant().plus(watchFor))) {
            return 0;
        }
        Date swept = state.getDate("sweptUntil");
        Date began = state.getDate("startedAt"); // missing in a progress kept before it was recorded: from the first save
        Instant since = swept != null ? swept.toInstant().minus(CLOCKS_APART)
                : began != null ? began.toInstant().minus(CLOCKS_APART) : Instant.EPOCH;
        int moved = 0;
        boolean all = true;
        for (boolean deleted : new boolean[] { false, true }) {
            for (String id : tickets.find(savedSinceNotMoved(deleted, since)).projection(Projections.include("_id"))
                    .map(d -> d.getString("_id")).into(new ArrayList<>())) {
                try {
                    if (legacy.move(id)) {
                        moved++;
                    }
                } catch (RuntimeException busy) {
                    all = false;
                    THROTTLED.warnf("migration-ticket-busy",
                            "Ticket %s not moved (tried again at the next check): %s", id, busy.getMessage());
                }
            }
        }
        if (all) {
            progress.updateOne(Filters.eq("_id", PROGRESS), Updates.max("sweptUntil", Date.from(now)));
        }
        return moved;
    }

    /**
     * The tickets saved since {@code since} that are not moved, deleted or not: each a range of the
     * ({@code deleted}, {@code updatedAt}) list index, the rest checked on those rows.
     */
    public static Bson savedSinceNotMoved(boolean deleted, Instant since) {
        return Filters.and(Filters.eq("deleted", deleted), Filters.gte("updatedAt", since), LegacyConversation.notMoved());
    }

    /**
     * The public message rows after {@code after} (null: from the first) that have no place among the public
     * ones: a walk by {@code _id}, once over the rows, the rest checked on them.
     */
    public static Bson unnumberedAfter(String after) {
        Bson unnumbered = Filters.and(Filters.ne("internal", true), Filters.not(Filters.gt("publicSeq", 0)));
        return after == null ? unnumbered : Filters.and(Filters.gt("_id", after), unnumbered);
    }

    /** Whether a pass found every ticket moved and every public message numbered. */
    public boolean done() {
        return completed(PROGRESS) && completed(PUBLIC_PLACES);
    }

    private boolean completed(String job) {
        Document state = progress.find(Filters.eq("_id", job)).first();
        return state != null && state.get("completedAt") != null;
    }

    private void runLogged(Duration budget) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            int moved = run(budget, Integer.MAX_VALUE);
            if (moved > 0) {
                LOG.infof("Moved the conversation and history of %d tickets into their own collections", moved);
            }
        } catch (RuntimeException e) {
            THROTTLED.warnf("migration-stopped",
                    "Moving ticket conversations stopped (goes on from where it got, in a while): %s", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    /** Moves every ticket not moved yet; returns how many this call moved. */
    public int run() {
        return run(null, Integer.MAX_VALUE);
    }

    /**
     * Goes on with the pass from where it got, starting no new batch once {@code budget} has passed (null: no
     * limit) and looking at no more than {@code limit} tickets; returns how many this call moved.
     */
    public int run(Duration budget, int limit) {
        if (done()) {
            return 0;
        }
        if (completed(PROGRESS)) {
            numberPublicMessages(budget == null ? null : Instant.now().plus(budget));
            return 0;
        }
        Instant deadline = budget == null ? null : Instant.now().plus(budget);
        // When the pass began: a ticket an earlier replica saves behind the walk is found by the sweeps from there.
        progress.updateOne(Filters.eq("_id", PROGRESS), Updates.setOnInsert("startedAt", new Date()),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        int looked = 0;
        int moved = 0;
        while (looked < limit) {
            if (deadline != null && !Instant.now().isBefore(deadline)) {
                LOG.infof("Ticket conversations remain to be moved after the time allowed at start; moved while the service runs");
                return moved;
            }
            List<Object> batch = tickets.find(Filters.and(after(), LegacyConversation.notMoved()))
                    .sort(Sorts.ascending("_id")).projection(Projections.include("_id"))
                    .limit(Math.min(BATCH, limit - looked)).map(d -> d.get("_id")).into(new ArrayList<>());
            if (batch.isEmpty()) {
                moved += retrySkipped();
                if (skipped().isEmpty()) {
                    progress.updateOne(Filters.eq("_id", PROGRESS), Updates.set("completedAt", new Date()),
                            new com.mongodb.client.model.UpdateOptions().upsert(true));
                    numberPublicMessages(deadline);
                }
                return moved;
            }
            int movedNow = 0;
            for (Object id : batch) {
                try {
                    if (legacy.move((String) id)) {
                        movedNow++;
                    }
                } catch (RuntimeException busy) {
                    // Kept being written (or cannot be read): the pass goes on and tries it again at its end.
                    THROTTLED.warnf("migration-ticket-busy-in-pass",
                            "Ticket %s not moved in this pass (tried again later): %s", id, busy.getMessage());
                    progress.updateOne(Filters.eq("_id", PROGRESS), Updates.addToSet("skipped", id),
                            new com.mongodb.client.model.UpdateOptions().upsert(true));
                }
            }
            looked += batch.size();
            moved += movedNow;
            progress.findOneAndUpdate(Filters.eq("_id", PROGRESS),
                    Updates.combine(Updates.max("after", batch.get(batch.size() - 1)), Updates.inc("moved", movedNow)),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        }
        return moved;
    }

    /** The tickets a pass could not move when it came to them. */
    private List<Object> skipped() {
        Document state = progress.find(Filters.eq("_id", PROGRESS)).first();
        return state == null ? List.of() : state.getList("skipped", Object.class, List.of());
    }

    /** Tries the skipped tickets again; those moved (or gone, or moved meanwhile) leave the list. */
    private int retrySkipped() {
        int moved = 0;
        for (Object id : skipped()) {
            try {
                if (legacy.move((String) id)) {
                    moved++;
                }
                progress.updateOne(Filters.eq("_id", PROGRESS), Updates.pull("skipped", id));
            } catch (RuntimeException busy) {
                THROTTLED.warnf("migration-ticket-still-busy",
                        "Ticket %s still not moved (tried again on the next check): %s", id, busy.getMessage());
            }
        }
        return moved;
    }

    /**
     * Numbers the public message rows that lack {@code publicSeq} (written before public messages were numbered),
     * a ticket at a time, walking the rows once in {@code _id} order from where the walk got ({@code after} in
     * {@value #PUBLIC_PLACES}), until the end (then done) or the deadline has passed.
     */
    private void numberPublicMessages(Instant deadline) {
        while (deadline == null || Instant.now().isBefore(deadline)) {
            Document state = progress.find(Filters.eq("_id", PUBLIC_PLACES)).first();
            String after = state == null ? null : state.getString("after");
            List<Document> rows = messages.find(unnumberedAfter(after)).sort(Sorts.ascending("_id"))
                    .projection(Projections.include("ticketId")).limit(BATCH).into(new ArrayList<>());
            if (rows.isEmpty()) {
                progress.updateOne(Filters.eq("_id", PUBLIC_PLACES), Updates.set("completedAt", new Date()),
                        new com.mongodb.client.model.UpdateOptions().upsert(true));
                return;
            }
            rows.stream().map(row -> row.getString("ticketId")).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))
                    .forEach(legacy::numberPublic);
            progress.updateOne(Filters.eq("_id", PUBLIC_PLACES), Updates.max("after", rows.get(rows.size() - 1).getString("_id")),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
        }
    }

    /** The tickets after the last batch a pass finished. */
    private Bson after() {
        Document state = progress.find(Filters.eq("_id", PROGRESS)).first();
        Object after = state == null ? null : state.get("after");
        return after == null ? Filters.empty() : Filters.gt("_id", after);
    }
}
