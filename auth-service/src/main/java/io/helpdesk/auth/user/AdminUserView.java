package io.helpdesk.auth.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as an administrator sees them: account state and history too, still never the hash. */
@Schema(name = "AdminUser", requiredProperties = { "id", "email", "name", "role", "status", "phone", "company", "address",
    "locale", "createdAt", "updatedAt", "lastLoginAt", "passwordChangedAt", "deletedAt", "version", "emailVerified",
    "invitationExpiresAt", "avatarUrl" })
public record AdminUserView(String id, String email, String name, String role,
        @Schema(enumeration = { "ACTIVE", "INVITED", "DISABLED", "DELETED" }) String status,
        @Schema(nullable = true) String phone,
        @Schema(nullable = true) String company,
        AddressDto address,
        String locale, Instant createdAt, Instant updatedAt,
        @Schema(nullable = true, implementation = String.class, format = "date-time", description = "Null until the first login")
        Instant lastLoginAt,
        @Schema(nullable = true, implementation = String.class, format = "date-time",
                description = "Null for an account that never set a password (invited, or signed up"
                + " with a provider)") Instant passwordChangedAt,
        @Schema(nullable = true, implementation = String.class, format = "date-time") Instant deletedAt,
        long version, boolean emailVerified,
        @Schema(nullable = true, implementation = String.class, format = "date-time",
                description = "When the invitation of an INVITED account stops working; null otherwise")
        Instant invitationExpiresAt,
        @Schema(nullable = true, description = "Where the picture is served, or null") String avatarUrl) {

    public static AdminUserView of(User user) {
        return new AdminUserView(user.id, user.email, user.name, user.role, user.status.name(), user.phone,
                user.company, AddressDto.of(user.address), user.locale, user.createdAt, user.updatedAt,
                user.lastLoginAt, user.passwordChangedAt, user.deletedAt, user.version, user.verified(),
                user.invitation == null ? null : user.invitation.expiresAt, user.avatarUrl());
    }
}
