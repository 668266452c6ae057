package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;

import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.ticket.access.TicketAccess;
import io.helpdesk.ticket.attachment.AttachmentStore;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.watcher.WatcherRepository;

/**
 * The ticket rules: who sees what, the workflow, the conversation, optimistic concurrency, and the
 * event that goes out with every change (in the same document write, through the outbox). The
 * conversation's and the history's rows follow the ticket's write as {@link Conversation} describes.
 */
@ApplicationScoped
public class TicketService implements TicketAccess {

    /** Allowed status moves; staying put is always allowed. */
    static final Map<Ticket.Status, Set<Ticket.Status>> TRANSITIONS = Map.of(
            Ticket.Status.OPEN, Set.of(Ticket.Status.PENDING, Ticket.Status.RESOLVED, Ticket.Status.CLOSED),
            Ticket.Status.PENDING, Set.of(Ticket.Status.OPEN, Ticket.Status.RESOLVED, Ticket.Status.CLOSED),
            Ticket.Status.RESOLVED, Set.of(Ticket.Status.OPEN, Ticket.Status.CLOSED),
            Ticket.Status.CLOSED, Set.of(Ticket.Status.OPEN));

    private final TicketRepository tickets;
    private final WatcherRepository watchers;
    private final AttachmentStore attachments;
    private final Outbox outbox;
    private final TicketConfig config;
    public static final String ASSIGNEE_DISABLED = "ASSIGNEE_DISABLED";
    public static final String ASSIGNEE_DELETED = "ASSIGNEE_DELETED";
    public static final String ASSIGNEE_NO_LONGER_STAFF = "ASSIGNEE_NO_LONGER_STAFF";

    private final PeopleDirectory people;
    private final Conversation conversation;
    private final LegacyConversation legacy;

    public TicketService(TicketRepository tickets, WatcherRepository watchers, AttachmentStore attachments,
            Outbox outbox, TicketConfig config, PeopleDirectory people, Conversation conversation,
            LegacyConversation legacy) {
        this.tickets = tickets;
        this.conversation = conversation;
        this.legacy = legacy;
        this.watchers = watchers;
        this.attachments = attachments;
        this.outbox = outbox;
        this.config = config;
        this.people = people;
    }

    /** A ticket the caller may see, or 404 whether it does not exist or is someone else's. */
    public Ticket visible(Caller caller, String id) {
        return find(id).filter(t -> !t.deleted && t.visibleTo(caller)).orElseThrow(TicketService::notFound);
    }

    /**
     * The ticket as stored, ready to read and to write: an earlier version's ticket has its conversation
     * moved out first, and rows a crash left in the ticket are written (see {@link Conversation}). Every
     * read of a ticket goes through here.
     */
    public Optional<Ticket> find(String id) {
        return tickets.findByIdOptional(id).map(legacy::moved).map(ticket -> {
            conversation.flush(ticket);
            return ticket;
        });
    }

    /** The newest messages of the ticket the caller sees, for the ticket's own answer. */
    public List<TicketMessage> newestMessages(Ticket ticket, Caller caller) {
        return conversation.newest(ticket, caller);
    }

    @Override
    public void requireVisible(Caller caller, String ticketId) {
        visible(caller, ticketId);
    }

    /**
     * Gives a ticket back to the unassigned queue because its assignee may no longer be assigned work
     * ({@code reason}: ASSIGNEE_DISABLED, ASSIGNEE_DELETED or ASSIGNEE_NO_LONGER_STAFF), as the system.
     * False when the ticket is no longer theirs, is closed or deleted (a redelivered event changes
     * nothing; a restore or a re-open looks again); 409 when another write of the ticket won meanwhile.
     */
    public boolean unassign(String ticketId, String assigneeId, String reason) {
        Ticket ticket = find(ticketId).orElse(null);
        if (ticket == null || !assigneeId.equals(ticket.assigneeId) || ticket.status == Ticket.Status.CLOSED || ticket.deleted) {
            return false;
        }
        long read = begin(ticket);
        Instant now = Instant.now();
        Caller system = Caller.acting("system", "SYSTEM");
        assign(ticket, null, now);
        record(ticket, system, "unassigned", Map.of("assigneeId", assigneeId), Map.of("assigneeId", ""), now).reason = reason;
        save(ticket, read, now, List.of(event(EventType.TICKET_ASSIGNED, ticket, system, null, assigneeId, null, reason)));
        return true;
    }

    /** The person for the id, 422 unless an active agent or admin this service knows (null unassigns). */
    private Person requireAssignable(String assigneeId) {
        if (assigneeId == null) {
            return null;
        }
        return people.find(assigneeId).filter(Person::assignable).orElseThrow(() -> new ProblemException(422,
                Problem.BLANK, null, "Tickets are assigned to active agents and admins only.",
                List.of(new Problem.FieldError("assigneeId", "is not an active agent or admin")), null));
    }

    /** Sets the assignee (null: none), when, and the account's version the assignment was made on. */
    private static void assign(Ticket ticket, Person assignee, Instant now) {
        ticket.assigneeId = assignee == null ? null : assignee.id;
        ticket.assigneeVersion = assignee == null ? null : assignee.version;
        ticket.assignedAt = now;
    }

    /** A ticket that already exists under this id (an idempotent retry). */
    public java.util.Optional<Ticket> existing(String id) {
        return find(id);
    }

    /**
     * Opens the ticket under an id reserved for an Idempotency-Key, or returns the ticket already
     * stored under it: concurrent first uses of one key race to insert the same id, the first insert
     * wins and the others answer with its ticket (409 if it cannot be read yet).
     */
    public Ticket openOnce(Caller caller, TicketRequests.Open request, String ticketId) {
        java.util.Optional<Ticket> stored = existing(ticketId);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            return open(caller, request, ticketId);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return existing(ticketId).orElseThrow(() -> new ProblemException(409,
                    "This Idempotency-Key is being used by a request in progress; retry."));
        }
    }

    public Ticket open(Caller caller, TicketRequests.Open request, String ticketId) {
        if (request.customerId() != null && !caller.staff()) {
            throw new ProblemException(403, "Only agents and admins open tickets for someone else.");
        }
        Instant now = Instant.now();
        Ticket ticket = new Ticket();
        ticket.id = ticketId;
        ticket.subject = request.subject().strip();
        ticket.status = Ticket.Status.OPEN;
        ticket.priority = request.priority() == null ? Ticket.Priority.NORMAL : Ticket.Priority.valueOf(request.priority());
        ticket.priorityRank = ticket.priority.ordinal();
        ticket.category = request.category();
        ticket.tags = request.tags() == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(request.tags()));
        ticket.customerId = request.customerId() != null ? request.customerId() : caller.id();
        ticket.customerEmail = request.customerId() != null ? null : caller.email();
        ticket.createdAt = now;
        ticket.updatedAt = now;
        SlaClock.start(ticket, config.sla(), now);
        ticket.version = 1;
        TicketMessage description = Conversation.append(ticket, message(caller, request.description(), false, now));
        record(ticket, caller, "created", Map.of(), Map.of("status", ticket.status.name()), now);
        outbox.insert(tickets, ticket, event(EventType.TICKET_CREATED, ticket, caller, null, null, description));
        conversation.flushAfterWrite(ticket);
        return ticket;
    }

    /** Adds a message; an agent's public reply waits for the customer, the customer's brings it back. */
    public Ticket reply(Caller caller, String id, TicketRequests.Reply request, Long ifMatch) {
        Ticket ticket = visible(caller, id);
        checkVersion(ticket, ifMatch);
        if (request.internal() && !caller.staff()) {
            throw new ProblemException(403, "Only agents and admins write internal notes.");
        }
        if (ticket.status == Ticket.Status.CLOSED) {
            throw new ProblemException(409, "The ticket is closed; reopen it to reply.");
        }
        if (ticket.messageCount >= config.maxMessages()) {
            throw new ProblemException(409, "The conversation is full; open a new ticket.");
        }
        long read = begin(ticket);
        List<OutboxEntry> changes = new ArrayList<>();
        Instant now = Instant.now();
        TicketMessage message = Conversation.append(ticket, message(caller, request.text(), request.internal(), now));
        Ticket.Status before = ticket.status;
        List<SlaClock.Target> missed = new ArrayList<>();
        if (!request.internal() && caller.staff() && SlaClock.lateFirstResponse(ticket, now)) {
            missed.add(SlaClock.Target.FIRST_RESPONSE);
        }
        if (!request.internal()) {
            if (caller.staff()) {
                if (ticket.firstResponseAt == null) {
                    ticket.firstResponseAt = now;
                }
                if (ticket.status == Ticket.Status.OPEN) {
                    missed.addAll(moveTo(ticket, Ticket.Status.PENDING, now));
                }
            } else if (ticket.status != Ticket.Status.OPEN) {
                missed.addAll(moveTo(ticket, Ticket.Status.OPEN, now));
            }
        }
        List<OutboxEntry> breaches = breaches(ticket, missed, now);
        record(ticket, caller, request.internal() ? "noted" : "replied", Map.of("status", before.name()),
                Map.of("status", ticket.status.name()), now);
        changes.add(event(EventType.TICKET_REPLIED, ticket, caller, before == ticket.status ? null : before.name(),
                null, message));
        changes.addAll(breaches);
        return save(ticket, read, now, changes);
    }

    public Ticket close(Caller caller, String id, Long ifMatch) {
        Ticket ticket = visible(caller, id);
        checkVersion(ticket, ifMatch);
        if (ticket.status == Ticket.Status.CLOSED) {
            return ticket;
        }
        long read = begin(ticket);
        List<OutboxEntry> changes = new ArrayList<>();
        Instant now = Instant.now();
        Ticket.Status before = ticket.status;
        List<OutboxEntry> breaches = breaches(ticket, moveTo(ticket, Ticket.Status.CLOSED, now), now);
        record(ticket, caller, "closed", Map.of("status", before.name()), Map.of("status", "CLOSED"), now);
        changes.add(event(EventType.TICKET_CLOSED, ticket, caller, before.name(), null, null));
        changes.addAll(breaches);
        return save(ticket, read, now, changes);
    }

    /** Agent and admin changes: assignment, priority, category, tags, status (reopen included). */
    public Ticket update(Caller caller, String id, TicketRequests.Update request, Long ifMatch) {
        Ticket ticket = visible(caller, id);
        checkVersion(ticket, ifMatch);
        Instant now = Instant.now();
        Map<String, String> from = new java.util.LinkedHashMap<>();
        Map<String, String> to = new java.util.LinkedHashMap<>();
        String previousAssignee = ticket.assigneeId;
        Ticket.Status previousStatus = ticket.status;
        List<SlaClock.Target> missed = List.of();

        if (request.assigneeId() != null) {
            String assignee = request.assigneeId().isBlank() ? null : request.assigneeId();
            if (!Objects.equals(assignee, ticket.assigneeId)) {
                Person person = requireAssignable(assignee);
                changed(from, to, "assigneeId", ticket.assigneeId, assignee);
                assign(ticket, person, now);
            }
        }
        if (request.priority() != null && !request.priority().equals(ticket.priority.name())) {
            changed(from, to, "priority", ticket.priority.name(), request.priority());
            ticket.priority = Ticket.Priority.valueOf(request.priority());
            ticket.priorityRank = ticket.priority.ordinal();
            SlaClock.retarget(ticket, config.sla(), now);
        }
        if (request.category() != null && !request.category().equals(ticket.category)) {
            changed(from, to, "category", ticket.category, request.category());
            ticket.category = request.category();
        }
        if (request.tags() != null) {
            List<String> tags = new ArrayList<>(new LinkedHashSet<>(request.tags()));
            if (!tags.equals(ticket.tags)) {
                changed(from, to, "tags", String.join(",", ticket.tags), String.join(",", tags));
                ticket.tags = tags;
            }
        }
        if (request.status() != null && !request.status().equals(ticket.status.name())) {
            Ticket.Status target = Ticket.Status.valueOf(request.status());
            if (!TRANSITIONS.get(ticket.status).contains(target)) {
                throw new ProblemException(409, "A ticket cannot go from " + ticket.status + " to " + target + ".");
            }
            changed(from, to, "status", ticket.status.name(), target.name());
            missed = moveTo(ticket, target, now);
        }
        if (to.isEmpty()) {
            return ticket;
        }
        long read = begin(ticket);
        List<OutboxEntry> changes = new ArrayList<>();
        List<OutboxEntry> breaches = breaches(ticket, missed, now);
        record(ticket, caller, "updated", from, to, now);
        if (!Objects.equals(previousAssignee, ticket.assigneeId)) {
            changes.add(event(EventType.TICKET_ASSIGNED, ticket, caller, null, previousAssignee, null));
        }
        if (previousStatus != ticket.status) {
            changes.add(event(ticket.status == Ticket.Status.CLOSED ? EventType.TICKET_CLOSED : EventType.TICKET_STATUS_CHANGED,
                    ticket, caller, previousStatus.name(), null, null));
        }
        if (to.keySet().stream().anyMatch(k -> Set.of("priority", "category", "tags").contains(k))) {
            changes.add(event(EventType.TICKET_UPDATED, ticket, caller, null, null, null));
        }
        changes.addAll(breaches);
        save(ticket, read, now, changes);
        // A re-opened ticket may belong to someone disabled while it was closed (the release passes closed ones by).
        if (ticket.assigneeId != null && (!Objects.equals(previousAssignee, ticket.assigneeId) || previousStatus != ticket.status)
                && releasedAfterAssignment(ticket.id, ticket.assigneeId)) {
            return find(ticket.id).orElseThrow(TicketService::notFound);
        }
        return ticket;
    }

    /**
     * The assignee may have been disabled between the check and the write, just after the directory's
     * release looked for their tickets: looked at again once the write is in, such a ticket goes back
     * to the queue as the release would have sent it. (If the release ran later, it finds the ticket.)
     * The same look follows a status change and a restore, as the release leaves closed and deleted
     * tickets be.
     */
    private boolean releasedAfterAssignment(String ticketId, String assigneeId) {
        Optional<String> reason = people.find(assigneeId).flatMap(TicketService::releaseReason);
        return reason.isPresent() && unassign(ticketId, assigneeId, reason.get());
    }

    /**
     * Why a person's tickets must go back to the queue ({@code ASSIGNEE_DELETED}, {@code ASSIGNEE_DISABLED},
     * {@code ASSIGNEE_NO_LONGER_STAFF}), or none while they may be assigned work.
     */
    public static Optional<String> releaseReason(Person person) {
        if ("DELETED".equals(person.status)) {
            return Optional.of(ASSIGNEE_DELETED);
        }
        if (!person.active()) {
            return Optional.of(ASSIGNEE_DISABLED);
        }
        return person.staff() ? Optional.empty() : Optional.of(ASSIGNEE_NO_LONGER_STAFF);
    }

    /** Soft delete by the customer who owns it or an admin; attachments and watchers are marked with it. */
    public void delete(Caller caller, String id) {
        Ticket ticket = visible(caller, id);
        if (!caller.admin() && !caller.id().equals(ticket.customerId)) {
            throw new ProblemException(403, "Only the customer who opened a ticket, or an admin, deletes it.");
        }
        long read = begin(ticket);
        List<OutboxEntry> changes = new ArrayList<>();
        Instant now = Instant.now();
        ticket.deleted = true;
        ticket.deletedAt = now;
        ticket.deletedBy = caller.id();
        record(ticket, caller, "deleted", Map.of(), Map.of(), now);
        changes.add(event(EventType.TICKET_DELETED, ticket, caller, null, null, null));
        save(ticket, read, now, changes);
        cascadeDeleted(ticket.id, true);
    }

    public Ticket restore(Caller caller, String id) {
        Ticket ticket = find(id).filter(t -> t.deleted).orElseThrow(TicketService::notFound);
        long read = begin(ticket);
        List<OutboxEntry> changes = new ArrayList<>();
        Instant now = Instant.now();
        ticket.deleted = false;
        ticket.deletedAt = null;
        ticket.deletedBy = null;
        record(ticket, caller, "restored", Map.of(), Map.of(), now);
        changes.add(event(EventType.TICKET_RESTORED, ticket, caller, null, null, null));
        Ticket saved = save(ticket, read, now, changes);
        cascadeDeleted(ticket.id, false);
        if (saved.assigneeId != null && releasedAfterAssignment(saved.id, saved.assigneeId)) {
            return find(saved.id).orElseThrow(TicketService::notFound);
        }
        return saved;
    }

    /**
     * Marks one SLA target of the ticket as missed, once, whichever replica gets there first: only
     * while it is past due, running and not marked yet (see {@link SlaClock#due}).
     */
    public boolean markBreached(Ticket ticket, SlaClock.Target target) {
        Instant now = Instant.now();
        if (!SlaClock.due(ticket, target, now)) {
            return false;
        }
        long read = begin(ticket);
        try {
            save(ticket, read, now, breaches(ticket, List.of(target), now));
            return true;
        } catch (ProblemException changedMeanwhile) {
            return false;
        }
    }

    /**
     * Marks the missed targets, in the history too, and makes a {@code TicketSlaBreached} event for each.
     * Called before the change's other events are made, so every event of this version carries the
     * marks (a consumer keeps the first event of a version it sees).
     */
    private List<OutboxEntry> breaches(Ticket ticket, List<SlaClock.Target> missed, Instant now) {
        Caller system = Caller.acting("system", "SYSTEM");
        for (SlaClock.Target target : missed) {
            SlaClock.mark(ticket, target);
            String flag = target == SlaClock.Target.FIRST_RESPONSE ? "firstResponseBreached" : "slaBreached";
            record(ticket, system, "sla-breached", Map.of(), Map.of(flag, "true"), now);
        }
        List<OutboxEntry> events = new ArrayList<>();
        for (SlaClock.Target target : missed) {
            TicketEvents.Payload payload = new TicketEvents.Payload(snapshot(ticket), null, null, null,
                    watchers.watcherIds(ticket.id), target.name(), null);
            events.add(outbox.event(EventType.TICKET_SLA_BREACHED, system.id(), ticket.id, ticket.version, payload));
        }
        return events;
    }

    /** The ticket as events carry it, the SLA targets included. */
    private static TicketEvents.TicketSnapshot snapshot(Ticket t) {
        return new TicketEvents.TicketSnapshot(t.id, t.subject, t.status.name(), t.priority.name(), t.category,
                List.copyOf(t.tags), t.customerId, t.customerEmail, t.assigneeId, t.createdAt, Instant.now(),
                t.firstResponseAt, t.resolvedAt, t.closedAt, t.slaDueAt, t.slaBreached, t.deleted, t.version,
                t.firstResponseDueAt, t.firstResponseBreached);
    }

    private void cascadeDeleted(String ticketId, boolean deleted) {
        watchers.markDeleted(ticketId, deleted);
        attachments.markDeleted(ticketId, deleted);
    }

    /** Starts a change: the new version, which the change's events carry; returns the version read. */
    private static long begin(Ticket ticket) {
        ticket.version++;
        return ticket.version - 1;
    }

    /** Writes the new state if nobody else wrote since it was read: 409 otherwise. */
    private Ticket save(Ticket ticket, long read, Instant now, List<OutboxEntry> changes) {
        ticket.updatedAt = now;
        if (!outbox.saveIf(tickets, ticket, Filters.eq("version", read), changes.toArray(OutboxEntry[]::new))) {
            throw new ProblemException(409, "The ticket was changed by someone else meanwhile; reload it and try again.");
        }
        conversation.flushAfterWrite(ticket);
        return ticket;
    }

    private static void checkVersion(Ticket ticket, Long ifMatch) {
        if (ifMatch != null && ifMatch != ticket.version) {
            throw new ProblemException(412, "The ticket has changed since version " + ifMatch
                    + " (now " + ticket.version + "); reload it and try again.");
        }
    }

    /**
     * Moves the ticket and its SLA clocks; returns the targets whose clock stops here past its due
     * time without having been marked (the check marks running clocks only), for the caller to mark.
     */
    private static List<SlaClock.Target> moveTo(Ticket ticket, Ticket.Status status, Instant now) {
        List<SlaClock.Target> missed = SlaClock.missedOnStop(ticket, status, now);
        SlaClock.moving(ticket, status, now);
        ticket.status = status;
        switch (status) {
            case RESOLVED -> ticket.resolvedAt = now;
            case CLOSED -> {
                ticket.closedAt = now;
                if (ticket.resolvedAt == null) {
                    ticket.resolvedAt = now;
                }
            }
            case OPEN -> {
                ticket.resolvedAt = null;
                ticket.closedAt = null;
            }
            default -> {
            }
        }
        return missed;
    }

    private static TicketMessage message(Caller caller, String text, boolean internal, Instant at) {
        TicketMessage message = new TicketMessage();
        message.messageId = UUID.randomUUID().toString();
        message.senderId = caller.id();
        message.senderRole = caller.role();
        message.text = text;
        message.internal = internal;
        message.at = at;
        return message;
    }

    private static TicketChange record(Ticket ticket, Caller caller, String action, Map<String, String> from,
            Map<String, String> to, Instant at) {
        TicketChange change = new TicketChange();
        change.at = at;
        change.actorId = caller.id();
        change.actorRole = caller.role();
        change.action = action;
        change.from.putAll(from);
        change.to.putAll(to);
        return Conversation.record(ticket, change);
    }

    private static void changed(Map<String, String> from, Map<String, String> to, String field, String before,
            String after) {
        from.put(field, before == null ? "" : before);
        to.put(field, after == null ? "" : after);
    }

    private OutboxEntry event(EventType type, Ticket t, Caller actor, String previousStatus,
            String previousAssignee, TicketMessage message) {
        return event(type, t, actor, previousStatus, previousAssignee, message, null);
    }

    private OutboxEntry event(EventType type, Ticket t, Caller actor, String previousStatus,
            String previousAssignee, TicketMessage message, String reason) {
        TicketEvents.TicketSnapshot snapshot = snapshot(t);
        TicketEvents.Message sent = message == null ? null
                : new TicketEvents.Message(message.messageId, message.senderId, message.senderRole, message.text,
                        message.internal, message.at);
        TicketEvents.Payload payload = new TicketEvents.Payload(snapshot, previousStatus, previousAssignee, sent,
                watchers.watcherIds(t.id), null, reason);
        return outbox.event(type, actor.id(), t.id, t.version, payload);
    }

    static ProblemException notFound() {
        return new ProblemException(404, "No such ticket.");
    }
}
