package io.helpdesk.auth.user;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.security.Roles;
import io.quarkus.runtime.StartupEvent;

/**
 * Accounts from configuration, created at startup when missing: the first administrator
 * ({@code AUTH_ADMIN_EMAIL}, {@code AUTH_ADMIN_PASSWORD}) and, for demos, any number of
 * {@code email|ROLE|password|Name} entries in {@code AUTH_SEED_USERS}.
 */
@ApplicationScoped
public class AccountSeeder {

    private static final Logger LOG = Logger.getLogger(AccountSeeder.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(AccountSeeder.class);

    private final UserService users;
    private final AuthConfig config;
    public AccountSeeder(UserService users, AuthConfig config) {
        this.users = users;
        this.config = config;
    }

    void seed(@Observes StartupEvent started) {
        config.admin().ifPresent(admin -> {
            if (users.seed(admin.email(), admin.name().orElse("Administrator"), admin.password(), Roles.ADMIN)) {
                LOG.infof("Created the first administrator %s", admin.email());
            }
        });
        for (String seed : config.seedUsers().orElse(List.of())) {
            String[] parts = seed.split("\\|");
            if (parts.length < 3 || !List.of(Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN).contains(parts[1])) {
                THROTTLED.warnf("seed-entry-ignored:" + parts[0],
                        "Ignoring auth.seed-users entry (expected email|ROLE|password|Name): %s", parts[0]);
                continue;
            }
            String name = parts.length > 3 ? parts[3] : parts[0];
            if (users.seed(parts[0], name, parts[2], parts[1])) {
                LOG.infof("Created %s account %s", parts[1], parts[0]);
            }
        }
    }
}
