package io.helpdesk.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each service reads from its environment, from its own configuration files. */
final class ServiceConfig {

    static final Path ROOT = Path.of(System.getProperty("helpdesk.root"));
    static final Map<String, Integer> SERVICES = Map.of("auth-service", 8081, "ticket-service", 8082,
            "analytics-service", 8083, "notification-service", 8084, "chat-service", 8085);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private ServiceConfig() {
    }

    /** ${NAME} references in the service's configuration and the shared platform defaults. */
    static Set<String> variablesRead(String service) {
        Set<String> names = new HashSet<>();
        try {
            for (Path file : List.of(ROOT.resolve(service).resolve("src/main/resources/application.properties"),
                    ROOT.resolve("platform/web/src/main/resources/META-INF/microprofile-config.properties"),
                    ROOT.resolve("platform/events/src/main/resources/META-INF/microprofile-config.properties"),
                    ROOT.resolve("platform/storage/src/main/resources/META-INF/microprofile-config.properties"),
                    ROOT.resolve("platform/security/src/main/resources/META-INF/microprofile-config.properties"))) {
                Matcher matcher = VARIABLE.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (service.equals("auth-service")) {
            // Read through the auth.admin.* and auth.seed-users mapping names.
            names.addAll(List.of("AUTH_ADMIN_EMAIL", "AUTH_ADMIN_PASSWORD", "AUTH_ADMIN_NAME", "AUTH_SEED_USERS"));
            // The service clients, read through the auth.clients.* map.
            names.addAll(List.of("AUTH_CLIENTS_CHAT", "AUTH_CLIENTS_ANALYTICS"));
        }
        if (service.equals("notification-service")) {
            names.addAll(List.of("SMTP_USERNAME", "SMTP_PASSWORD"));
        }
        return names;
    }
}
