package io.helpdesk.chat.room;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.security.Caller;

/**
 * Who may be in which room, and the record of who joined (kept by {@link RoomMemberRepository}). Room ids:
 * {@code ticket:<ticketId>} (whoever the ticket-service shows the ticket to: its customer, the agent it is
 * assigned to or every agent while unassigned, admins), {@code team:agents} (agents and admins),
 * {@code dm:<userA>:<userB>} (the two users, ids in order).
 */
@ApplicationScoped
public class Rooms {

    public static final String TEAM = "team:agents";

    public record Verdict(boolean allowed, String reason) {
        static Verdict yes() {
            return new Verdict(true, null);
        }

        static Verdict no(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final TicketAccess tickets;
    private final RoomMemberRepository members;

    public Rooms(TicketAccess tickets, RoomMemberRepository members) {
        this.tickets = tickets;
        this.members = members;
    }

    /** Ticket ids are UUIDs; anything else is refused before any call. */
    private static final Pattern TICKET_ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    public Verdict mayJoin(String room, Caller caller) {
        if (room == null || room.length() > 200) {
            return Verdict.no("unknown-room");
        }
        if (room.equals(TEAM)) {
            return caller.staff() ? Verdict.yes() : Verdict.no("forbidden");
        }
        if (room.startsWith("dm:")) {
            String[] users = room.substring(3).split(":");
            if (users.length != 2 || users[0].compareTo(users[1]) >= 0) {
                return Verdict.no("unknown-room");
            }
            return List.of(users).contains(caller.id()) ? Verdict.yes() : Verdict.no("forbidden");
        }
        if (room.startsWith("ticket:")) {
            String ticketId = room.substring(7);
            if (!TICKET_ID.matcher(ticketId).matches() || caller.service()) {
                return Verdict.no("unknown-room");
            }
            // Exactly the people the ticket-service shows the ticket to: one rule, asked of its owner.
            return switch (tickets.check(caller.id(), caller.role(), ticketId)) {
                case YES -> Verdict.yes();
                case NO -> Verdict.no("forbidden");
                case UNKNOWN -> Verdict.no("unavailable");
            };
        }
        return Verdict.no("unknown-room");
    }

    public static String directRoom(String a, String b) {
        return a.compareTo(b) < 0 ? "dm:" + a + ":" + b : "dm:" + b + ":" + a;
    }

    public void joined(String room, String userId) {
        RoomMember member = new RoomMember();
        member.id = room + "|" + userId;
        member.room = room;
        member.userId = userId;
        member.joinedAt = Instant.now();
        members.save(member);
    }
}
