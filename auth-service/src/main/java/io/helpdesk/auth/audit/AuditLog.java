package io.helpdesk.auth.audit;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Records security-relevant events: a line in the {@code audit} collection ({@link AuditRepository}), which
 * admins query, and a counter per type for dashboards.
 */
// @Startup: a counter per entry type at 0 from the start.
@Startup
@ApplicationScoped
public class AuditLog {

    public enum Type {
        USER_REGISTERED, LOGIN_SUCCEEDED, LOGIN_FAILED, ACCOUNT_LOCKED, LOGOUT, REFRESH_REUSE_DETECTED,
        /** Every reset request; the detail says whether a code was issued and, if not, why. */
        PASSWORD_RESET_REQUESTED,
        /** A reset code was created and sent. */
        PASSWORD_RESET_CODE_ISSUED,
        PASSWORD_RESET, PASSWORD_RESET_FAILED, PASSWORD_CHANGED,
        /** A wrong current password on change-password; it counts towards the account's lock. */
        PASSWORD_CHANGE_FAILED,
        ROLE_CHANGED, USER_DISABLED, USER_ENABLED, USER_DELETED, SESSION_REVOKED, SERVICE_TOKEN_ISSUED,
        /** Every resend of a verification code; the detail says whether one was issued and, if not, why. */
        EMAIL_VERIFICATION_REQUESTED,
        EMAIL_VERIFIED, EMAIL_VERIFICATION_FAILED,
        /** An administrator created an account with an invitation, or issued it a new one. */
        USER_INVITED,
        INVITATION_ACCEPTED,
        /** An administrator re-announced every account (the directory rebuild); the detail gives the count. */
        USERS_ANNOUNCED,
        /** A sign-in provider's account was linked to an existing account by its verified email; the detail names the provider. */
        IDENTITY_LINKED
    }

    private final AuditRepository entries;
    private final Map<Type, Counter> counters = new EnumMap<>(Type.class);

    public AuditLog(AuditRepository entries, MeterRegistry metrics) {
        this.entries = entries;
        for (Type type : Type.values()) {
            counters.put(type, Counter.builder("helpdesk.auth.audit").tag("type", type.name())
                    .description("Audit log entries written, by type (sign-ins, failures, lockouts, role changes, ...)")
                    .register(metrics));
        }
    }

    public void record(Type type, String actorId, String userId, String email, String ip, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.id = UUID.randomUUID().toString();
        entry.at = Instant.now();
        entry.type = type;
        entry.actorId = actorId;
        entry.userId = userId;
        entry.email = email;
        entry.ip = ip;
        entry.detail = detail;
        entries.persist(entry);
        counters.get(type).increment();
    }
}
