package io.helpdesk.notification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.testing.SmtpTestResource;
import io.helpdesk.platform.testing.TestStreams;

/** Publishing events as the other services do, and reading back what GreenMail received. */
final class Mails {

    private Mails() {
    }

    record Received(String to, String subject, String text, String html, List<String> attachments,
            String listUnsubscribe) {
    }

    static String publish(EventType type, String subject, Object payload) {
        return TestStreams.publish(type, "test", subject, 1, payload);
    }

    static String user(String userId, String email, String name, String locale) {
        return user(userId, email, name, locale, "CUSTOMER");
    }

    static String user(String userId, String email, String name, String locale, String role) {
        return publish(EventType.USER_REGISTERED, userId,
                Map.of("userId", userId, "email", email, "name", name, "locale", locale, "role", role));
    }

    static List<Received> to(String address) throws Exception {
        List<Received> found = new ArrayList<>();
        for (MimeMessage message : SmtpTestResource.greenMail().getReceivedMessages()) {
            boolean addressed = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().contains(address));
            if (addressed) {
                List<String> attachments = new ArrayList<>();
                String[] bodies = new String[2];
                walk(message, bodies, attachments);
                String[] unsubscribe = message.getHeader("List-Unsubscribe");
                found.add(new Received(address, message.getSubject(), bodies[0], bodies[1], attachments,
                        unsubscribe == null ? null : unsubscribe[0]));
            }
        }
        return found;
    }

    private static void walk(Part part, String[] bodies, List<String> attachments) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, bodies, attachments);
            }
        } else if (part.getFileName() != null) {
            attachments.add(part.getFileName() + ";" + part.getContentType().split(";")[0]);
        } else if (part.isMimeType("text/plain")) {
            bodies[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html")) {
            bodies[1] = String.valueOf(part.getContent());
        }
    }
}
