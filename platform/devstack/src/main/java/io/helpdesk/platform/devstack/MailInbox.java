package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The part of Mailpit's HTTP API that tests and people use, over the mail GreenMail received, so the
 * same end-to-end tests read mail from the devstack and from Mailpit under docker-compose:
 * {@code GET /api/v1/messages}, {@code GET /api/v1/message/{ID}} (or {@code latest}),
 * {@code DELETE /api/v1/messages} (all, or {@code {"IDs": [...]}}), and a plain HTML list at {@code /}.
 */
final class MailInbox implements AutoCloseable {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private final GreenMail greenMail;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final HttpServer server;

    MailInbox(GreenMail greenMail, int port) throws IOException {
        this.greenMail = greenMail;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/api/v1/messages", this::messages);
        server.createContext("/api/v1/message/", this::message);
        server.createContext("/", this::page);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    List<Mail> mails = mails();
                    Map<String, String> query = query(exchange);
                    int start = Math.max(0, Integer.parseInt(query.getOrDefault("start", "0")));
                    int limit = Math.max(1, Integer.parseInt(query.getOrDefault("limit", "50")));
                    List<Map<String, Object>> page = mails.stream().skip(start).limit(limit).map(Mail::summary).toList();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("total", mails.size());
                    body.put("unread", mails.size());
                    body.put("count", page.size());
                    body.put("messages_count", mails.size());
                    body.put("start", start);
                    body.put("tags", List.of());
                    body.put("messages", page);
                    sendJson(exchange, 200, body);
                }
                case "DELETE" -> {
                    delete(exchange.getRequestBody());
                    sendText(exchange, 200, "text/plain", "ok");
                }
                default -> sendText(exchange, 405, "text/plain", "method not allowed");
            }
        } catch (NumberFormatException e) {
            sendText(exchange, 400, "text/plain", "start and limit must be numbers");
        } catch (MessagingException e) {
            sendText(exchange, 500, "text/plain", "cannot read a message: " + e.getMessage());
        }
    }

    private void message(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/message/".length());
            List<Mail> mails = mails();
            Mail found = "latest".equals(id) ? mails.stream().findFirst().orElse(null)
                    : mails.stream().filter(m -> m.id.equals(id)).findFirst().orElse(null);
            if (found == null) {
                sendText(exchange, 404, "text/plain", "message not found");
            } else {
                sendJson(exchange, 200, found.detail());
            }
        } catch (MessagingException e) {
            sendText(exchange, 500, "text/plain", "cannot read a message: " + e.getMessage());
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"/".equals(exchange.getRequestURI().getPath())) {
                sendText(exchange, 404, "text/plain", "not found");
                return;
            }
            StringBuilder html = new StringBuilder("""
                    <!doctype html><html><head><meta charset="utf-8"><title>Helpdesk inbox</title>
                    <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left}</style>
                    </head><body><h1>Helpdesk inbox</h1>
                    <p>Every mail the services sent. JSON: <a href="/api/v1/messages">/api/v1/messages</a></p>
                    <table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>
                    """);
            for (Mail mail : mails()) {
                Map<String, Object> summary = mail.summary();
                html.append("<tr><td>").append(escape(summary.get("Created")))
                        .append("</td><td>").append(escape(mail.from()))
                        .append("</td><td>").append(escape(mail.to()))
                        .append("</td><td><a href=\"/api/v1/message/").append(mail.id).append("\">")
                        .append(escape(summary.get("Subject"))).append("</a></td></tr>\n");
            }
            html.append("</table></body></html>");
            sendText(exchange, 200, "text/html; charset=utf-8", html.toString());
        } catch (MessagingException e) {
            sendText(exchange, 500, "text/plain", "cannot read a message: " + e.getMessage());
        }
    }

    private void delete(InputStream requestBody) throws IOException, MessagingException {
        byte[] body = requestBody.readAllBytes();
        JsonNode ids = body.length == 0 ? null : json.readTree(body).get("IDs");
        if (ids == null || ids.isEmpty()) {
            try {
                greenMail.purgeEmailFromAllMailboxes();
            } catch (FolderException e) {
                throw new IOException("cannot purge the mailboxes", e);
            }
            deleted.clear();
        } else {
            ids.forEach(id -> deleted.add(id.asText()));
        }
    }

    /**
     * GreenMail keeps one copy per recipient; Mailpit keeps one message per sending. Copies share a
     * Message-ID, which also gives each message a stable ID. Newest first, as Mailpit lists them.
     */
    private List<Mail> mails() throws MessagingException {
        Map<String, Mail> byId = new LinkedHashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            String messageId = message.getMessageID() == null ? UUID.randomUUID().toString() : message.getMessageID();
            String id = UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8)).toString();
            if (!deleted.contains(id)) {
                byId.putIfAbsent(id, new Mail(id, messageId, message));
            }
        }
        List<Mail> mails = new ArrayList<>(byId.values());
        mails.sort(Comparator.comparing(Mail::received).reversed());
        return mails;
    }

    private record Mail(String id, String messageId, MimeMessage message) {

        Instant received() {
            try {
                java.util.Date date = message.getReceivedDate() != null ? message.getReceivedDate() : message.getSentDate();
                return date == null ? Instant.EPOCH : date.toInstant();
            } catch (MessagingException e) {
                return Instant.EPOCH;
            }
        }

        Map<String, Object> summary() {
            try {
                Content content = Content.of(message);
                Map<String, Object> summary = envelope();
                summary.put("Read", false);
                summary.put("Created", RFC3339.format(received()));
                summary.put("Size", message.getSize());
                summary.put("Attachments", content.attachments.size());
                String text = content.text.isEmpty() ? content.html.replaceAll("<[^>]*>", " ") : content.text;
                String snippet = text.replaceAll("\\s+", " ").trim();
                summary.put("Snippet", snippet.length() > 250 ? snippet.substring(0, 250) + "..." : snippet);
                return summary;
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("Cannot read message " + id, e);
            }
        }

        Map<String, Object> detail() {
            try {
                Content content = Content.of(message);
                Map<String, Object> detail = envelope();
                detail.put("ReturnPath", "");
                detail.put("Date", RFC3339.format(received()));
                detail.put("Text", content.text);
                detail.put("HTML", content.html);
                detail.put("Size", message.getSize());
                detail.put("Inline", List.of());
                detail.put("Attachments", content.attachments);
                return detail;
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("Cannot read message " + id, e);
            }
        }

        String from() {
            return addresses(this::fromAddresses).stream().map(a -> String.valueOf(a.get("Address"))).findFirst().orElse("");
        }

        String to() {
            return String.join(", ", addresses(() -> message.getRecipients(Message.RecipientType.TO)).stream()
                    .map(a -> String.valueOf(a.get("Address"))).toList());
        }

        private Address[] fromAddresses() throws MessagingException {
            return message.getFrom();
        }

        private Map<String, Object> envelope() throws MessagingException {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("ID", id);
            map.put("MessageID", messageId.replaceAll("^<|>$", ""));
            List<Map<String, Object>> from = addresses(this::fromAddresses);
            map.put("From", from.isEmpty() ? Map.of("Name", "", "Address", "") : from.get(0));
            map.put("To", addresses(() -> message.getRecipients(Message.RecipientType.TO)));
            map.put("Cc", addresses(() -> message.getRecipients(Message.RecipientType.CC)));
            map.put("Bcc", List.of());
            map.put("ReplyTo", addresses(message::getReplyTo));
            map.put("Subject", message.getSubject() == null ? "" : message.getSubject());
            map.put("Tags", List.of());
            return map;
        }

        private interface AddressSource {
            Address[] get() throws MessagingException;
        }

        private static List<Map<String, Object>> addresses(AddressSource source) {
            try {
                Address[] addresses = source.get();
                if (addresses == null) {
                    return List.of();
                }
                return Arrays.stream(addresses).map(address -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    if (address instanceof InternetAddress internet) {
                        map.put("Name", internet.getPersonal() == null ? "" : internet.getPersonal());
                        map.put("Address", internet.getAddress());
                    } else {
                        map.put("Name", "");
                        map.put("Address", address.toString());
                    }
                    return map;
                }).toList();
            } catch (MessagingException e) {
                return List.of();
            }
        }
    }

    /** The text and HTML bodies and the attachments of a MIME tree. */
    private static final class Content {
        String text = "";
        String html = "";
        final List<Map<String, Object>> attachments = new ArrayList<>();

        static Content of(Part message) throws MessagingException, IOException {
            Content content = new Content();
            content.walk(message, "");
            return content;
        }

        private void walk(Part part, String partId) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, partId.isEmpty() ? String.valueOf(i + 1) : partId + "." + (i + 1));
                }
                return;
            }
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
            if (attachment) {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("PartID", partId.isEmpty() ? "1" : partId);
                info.put("FileName", part.getFileName() == null ? "" : part.getFileName());
                info.put("ContentType", part.getContentType().split(";")[0].trim());
                info.put("ContentID", "");
                info.put("Size", part.getSize());
                attachments.add(info);
            } else if (part.isMimeType("text/plain") && text.isEmpty()) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html.isEmpty()) {
                html = String.valueOf(part.getContent());
            }
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        sendText(exchange, status, "application/json", json.writeValueAsString(body));
    }

    private static void sendText(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(Object value) {
        return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
