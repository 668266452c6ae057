package io.helpdesk.platform.contracts;

import java.time.Instant;

/**
 * The events of {@link Channels#USERS_STREAM}: every one carries the account as it is after the
 * change (so a consumer's directory needs nothing else), plus the fields its type adds. Their type
 * names are the {@code USER_*}, {@code PASSWORD_*} and {@code EMAIL_*} constants of {@link EventType}.
 */
public final class UserEvents {

    private UserEvents() {
    }

    /**
     * The payload of every user event.
     *
     * @param userId           the account
     * @param email            its address, lower-cased
     * @param name             its display name
     * @param locale           the language its mail is written in
     * @param role             CUSTOMER, AGENT or ADMIN
     * @param phone            its phone number, or null
     * @param reason           {@link EventType#PASSWORD_CHANGED}: {@code changed} or {@code reset}
     * @param previousRole     {@link EventType#USER_ROLE_CHANGED}: the role before
     * @param otpSealed        {@link EventType#PASSWORD_RESET_REQUESTED}, {@link EventType#EMAIL_VERIFICATION_REQUESTED}
     *                         and a self sign-up's {@link EventType#USER_REGISTERED}: the code;
     *                         {@link EventType#USER_INVITED}: the invitation token; sealed with the
     *                         shared key ({@link Sealer}), never in clear text
     * @param expiresAt        {@link EventType#PASSWORD_RESET_REQUESTED}: when the code stops working
     * @param expiresInMinutes {@link EventType#PASSWORD_RESET_REQUESTED}: its lifetime, for the mail
     * @param company          the company the person works for, or null
     * @param avatarUrl        where the person's picture is served, or null
     * @param status           ACTIVE, INVITED, DISABLED or DELETED; null in events written before it was
     *                         carried (then {@link #statusAfter}: what the type implies, else the
     *                         status already known)
     * @param emailVerified    whether the address was proven by a code or an invitation; null in
     *                         events written before it was carried
     */
    public record Payload(
            String userId,
            String email,
            String name,
            String locale,
            String role,
            String phone,
            String reason,
            String previousRole,
            String otpSealed,
            Instant expiresAt,
            Long expiresInMinutes,
            String company,
            String avatarUrl,
            String status,
            Boolean emailVerified) {

        /** An active, verified account's fields alone, for the types that add nothing. */
        public static Payload of(String userId, String email, String name, String locale, String role, String phone) {
            return account(userId, email, name, locale, role, phone, null, null, "ACTIVE", true);
        }

        /** The account's fields alone, for the types that add nothing. */
        public static Payload account(String userId, String email, String name, String locale, String role,
                String phone, String company, String avatarUrl, String status, Boolean emailVerified) {
            return new Payload(userId, email, name, locale, role, phone, null, null, null, null, null, company,
                    avatarUrl, status, emailVerified);
        }

        /**
         * The status the account is in: the one carried, or for an event written before the status was
         * carried, the one its type implies (registered or enabled: active; disabled; deleted), and
         * for any other type the status already known ({@code known}, null if none: active). A type
         * such as a role change never says the account is active: it may have been disabled before.
         */
        public String statusAfter(EventType type, String known) {
            if (status != null) {
                return status;
            }
            return switch (type) {
                case USER_DISABLED -> "DISABLED";
                case USER_DELETED -> "DELETED";
                case USER_REGISTERED, USER_ENABLED -> "ACTIVE";
                default -> known == null ? "ACTIVE" : known;
            };
        }

        public Payload withReason(String reason) {
            return new Payload(userId, email, name, locale, role, phone, reason, previousRole, otpSealed, expiresAt,
                    expiresInMinutes, company, avatarUrl, status, emailVerified);
        }

        public Payload withPreviousRole(String previousRole) {
            return new Payload(userId, email, name, locale, role, phone, reason, previousRole, otpSealed, expiresAt,
                    expiresInMinutes, company, avatarUrl, status, emailVerified);
        }

        public Payload withCode(String otpSealed, Instant expiresAt, long expiresInMinutes) {
            return new Payload(userId, email, name, locale, role, phone, reason, previousRole, otpSealed, expiresAt,
                    expiresInMinutes, company, avatarUrl, status, emailVerified);
        }
    }
}
