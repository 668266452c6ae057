package io.helpdesk.auth.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as they see themselves: no hash, no internal state. */
@Schema(name = "User", requiredProperties = { "id", "email", "name", "role", "phone", "company", "address", "locale",
    "createdAt", "emailVerified", "avatarUrl" })
public record UserView(String id, String email, String name, String role,
        @Schema(nullable = true) String phone,
        @Schema(nullable = true) String company,
        AddressDto address,
        String locale, Instant createdAt, boolean emailVerified,
        @Schema(nullable = true, description = "Where the picture is served (256×256 PNG; add ?size=64 for 64×64), or null."
                + " The address changes with every new picture, so it may be cached for ever") String avatarUrl) {

    public static UserView of(User user) {
        return new UserView(user.id, user.email, user.name, user.role, user.phone, user.company,
                AddressDto.of(user.address), user.locale, user.createdAt, user.verified(), user.avatarUrl());
    }
}
