package io.helpdesk.auth.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as an administrator sees them: account state and history too, still never the hash. */
@Schema(name = "AdminUser")
public record AdminUserView(String id, String email, String name, String role, String status, String phone,
        String company, AddressDto address, String locale, Instant createdAt, Instant updatedAt,
        Instant lastLoginAt, Instant passwordChangedAt, Instant deletedAt, long version, boolean emailVerified,
        @Schema(description = "When the invitation of an INVITED account stops working") Instant invitationExpiresAt,
        @Schema(description = "Where the picture is served, or null") String avatarUrl) {

    public static AdminUserView of(User user) {
        return new AdminUserView(user.id, user.email, user.name, user.role, user.status.name(), user.phone,
                user.company, AddressDto.of(user.address), user.locale, user.createdAt, user.updatedAt,
                user.lastLoginAt, user.passwordChangedAt, user.deletedAt, user.version, user.verified(),
                user.invitation == null ? null : user.invitation.expiresAt, user.avatarUrl());
    }
}
