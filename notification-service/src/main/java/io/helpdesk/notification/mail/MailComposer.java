package io.helpdesk.notification.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.Sealer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** Turns a template and its values into a localised subject, HTML body and plain-text alternative. */
@ApplicationScoped
public class MailComposer {

    /** Locales with their own sentences; anything else gets English. */
    static final List<String> LOCALES = List.of("en", "de");
    /** Every template {@link #compose} knows (its metrics are registered for each at start). */
    public static final List<String> TEMPLATES = List.of("welcome", "verify-email", "invitation", "reset-otp",
            "password-changed", "ticket-created", "ticket-reply", "ticket-closed", "ticket-assigned", "sla-breached",
            "team-new-ticket", "team-digest", "team-reply", "team-sla-breached", "team-unassigned", "import-report",
            "analytics-report");
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Template html;
    private final Template text;
    private final Sealer sealer;

    public MailComposer(@Location("mail/layout.html") Template html, @Location("mail/layout.txt") Template text,
            Sealer sealer) {
        this.html = html;
        this.text = text;
        this.sealer = sealer;
    }

    public record Composed(String subject, String html, String text, String shortText) {
    }

    public Composed compose(String template, Map<String, Object> values, String name, String locale,
            String unsubscribeUrl) {
        String lang = locale == null ? "en" : locale.split("[-_]")[0];
        if (!LOCALES.contains(lang)) {
            lang = "en";
        }
        MailMessages m = "en".equals(lang) ? MessageBundles.get(MailMessages.class)
                : MessageBundles.get(MailMessages.class, Localized.Literal.of(lang));
        Map<String, Object> v = values;
        String subject;
        List<String> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String code = null;
        String quote = null;
        String shortText = null;
        String actionUrl = null;
        String actionLabel = null;
        switch (template) {
            case "welcome" -> {
                subject = m.welcomeSubject();
                lines.add(m.welcomeBody());
                if (v.get("otpSealed") != null) {
                    code = sealer.open(String.valueOf(v.get("otpSealed")));
                    lines.add(m.verifyWelcome(lifetime(m, v)));
                    shortText = m.verifyShort(code, lifetime(m, v));
                }
            }
            case "verify-email" -> {
                subject = m.verifySubject();
                code = sealer.open(String.valueOf(v.get("otpSealed")));
                lines.add(m.verifyBody(lifetime(m, v)));
                notes.add(m.verifyIgnore());
                shortText = m.verifyShort(code, lifetime(m, v));
            }
            case "invitation" -> {
                subject = m.invitationSubject();
                String token = sealer.open(String.valueOf(v.get("otpSealed")));
                actionUrl = str(v, "invitationUrl") + token;
                actionLabel = m.invitationAction();
                lines.add(m.invitationBody(str(v, "role")));
                notes.add(m.invitationExpiry(lifetime(m, v), until(v)));
                notes.add(m.invitationToken(token));
                notes.add(m.invitationIgnore());
                shortText = m.invitationShort(actionUrl, lifetime(m, v));
            }
            case "reset-otp" -> {
                subject = m.otpSubject();
                code = sealer.open(String.valueOf(v.get("otpSealed")));
                lines.add(m.otpBody(v.get("expiresInMinutes")));
                notes.add(m.otpIgnore());
                shortText = m.otpShort(code, v.get("expiresInMinutes"));
            }
            case "password-changed" -> {
                subject = m.changedSubject();
                lines.add(m.changedBody());
                notes.add(m.changedWarning());
            }
            case "ticket-created" -> {
                subject = m.createdSubject(str(v, "subject"));
                lines.add(m.createdBody());
            }
            case "ticket-reply" -> {
                subject = m.replySubject(str(v, "subject"));
                lines.add(m.replyFrom(person(v, "senderName",
                        "CUSTOMER".equals(v.get("senderRole")) ? m.theCustomer() : m.theSupportTeam())));
                quote = str(v, "text");
            }
            case "ticket-closed" -> {
                subject = m.closedSubject(str(v, "subject"));
                lines.add(m.closedBody());
            }
            case "ticket-assigned" -> {
                subject = m.assignedSubject(str(v, "subject"));
                lines.add(m.assignedBody(str(v, "priority")));
                lines.add(m.waitingFor(person(v, "customerName", m.theCustomer())));
            }
            case "sla-breached" -> {
                subject = slaSubject(m, v);
                lines.add(slaBody(m, v));
                lines.add(m.waitingFor(person(v, "customerName", m.theCustomer())));
            }
            case "team-new-ticket" -> {
                subject = m.teamNewSubject(str(v, "subject"));
                lines.add(m.teamNewBody(person(v, "customerName", m.theCustomer()), str(v, "priority")));
                quote = (String) v.get("text");
            }
            case "team-digest" -> {
                subject = m.teamDigestSubject(v.get("count"));
                lines.add(m.teamDigestBody());
                for (Object item : (List<?>) v.getOrDefault("tickets", List.of())) {
                    Map<?, ?> ticket = (Map<?, ?>) item;
                    Object customer = ticket.get("customerName");
                    lines.add(m.teamDigestLine(customer == null ? m.theCustomer() : customer.toString(),
                            String.valueOf(ticket.get("subject")), String.valueOf(ticket.get("priority")),
                            String.valueOf(ticket.get("ticketId"))));
                }
            }
            case "team-reply" -> {
                subject = m.teamReplySubject(str(v, "subject"));
                lines.add(m.teamReplyBody(person(v, "customerName", m.theCustomer())));
                quote = str(v, "text");
            }
            case "team-sla-breached" -> {
                subject = slaSubject(m, v);
                lines.add(slaBody(m, v));
                lines.add(m.teamNobodyAssigned());
            }
            case "team-unassigned" -> {
                subject = m.teamUnassignedSubject(str(v, "subject"));
                String former = person(v, "previousAssigneeName", m.theAssignee());
                lines.add(switch (str(v, "reason")) {
                    case "ASSIGNEE_DELETED" -> m.teamUnassignedDeleted(former);
                    case "ASSIGNEE_NO_LONGER_STAFF" -> m.teamUnassignedNoLongerStaff(former);
                    default -> m.teamUnassignedDisabled(former);
                });
            }
            case "import-report" -> {
                subject = m.importSubject(str(v, "filename"));
                lines.add(m.importBody(v.get("processed"), v.get("succeeded"), v.get("failed")));
            }
            case "analytics-report" -> {
                subject = m.reportSubject();
                lines.add(m.reportBody());
            }
            default -> throw new IllegalArgumentException("No template named " + template);
        }
        if (v.containsKey("ticketId")) {
            notes.add(m.ticketLabel() + " " + v.get("ticketId"));
        }
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("lang", lang);
        data.put("subject", subject);
        data.put("greeting", m.greeting(name == null || name.isBlank() ? "" : name));
        data.put("lines", lines);
        data.put("notes", notes);
        data.put("code", code);
        data.put("quote", quote);
        data.put("actionUrl", actionUrl);
        data.put("actionLabel", actionLabel);
        data.put("footer", m.footer());
        data.put("unsubscribeUrl", unsubscribeUrl);
        data.put("unsubscribeLabel", m.unsubscribe());
        return new Composed(subject, html.data(data).render(), text.data(data).render(),
                shortText == null ? subject : shortText);
    }

    /** A person's name from the address book, or a neutral word: never an id. */
    private static String person(Map<String, Object> values, String key, String otherwise) {
        Object name = values.get(key);
        return name == null || name.toString().isBlank() ? otherwise : name.toString();
    }

    private static String slaSubject(MailMessages m, Map<String, Object> v) {
        return switch (str(v, "slaTarget")) {
            case "FIRST_RESPONSE" -> m.slaFirstResponseSubject(str(v, "subject"));
            case "RESOLUTION" -> m.slaResolutionSubject(str(v, "subject"));
            default -> m.slaSubject(str(v, "subject"));
        };
    }

    private static String slaBody(MailMessages m, Map<String, Object> v) {
        return switch (str(v, "slaTarget")) {
            case "FIRST_RESPONSE" -> m.slaFirstResponseBody(str(v, "slaDueAt"));
            case "RESOLUTION" -> m.slaResolutionBody(str(v, "slaDueAt"));
            default -> m.slaBody(str(v, "slaDueAt"));
        };
    }

    /** How long a code or an invitation works, in whole days beyond one day, else hours or minutes: "24 hours", "7 days". */
    private static String lifetime(MailMessages m, Map<String, Object> values) {
        long minutes = values.get("expiresInMinutes") instanceof Number n ? n.longValue() : 0;
        if (minutes > 24 * 60 && minutes % (24 * 60) == 0) {
            return m.days(minutes / (24 * 60));
        }
        if (minutes > 0 && minutes % 60 == 0) {
            return m.hours(minutes / 60);
        }
        return m.minutes(minutes);
    }

    /** When an invitation stops working, in UTC. */
    private static String until(Map<String, Object> values) {
        Object at = values.get("expiresAt");
        return at == null ? "" : UNTIL.format(Instant.parse(at.toString()));
    }

    private static String str(Map<String, Object> values, String key) {
        Object value = values.get(key);
        return value == null ? "" : value.toString();
    }
}
