package io.helpdesk.auth.invitation;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.auth.user.UserRequests;

/** Request bodies of the invitation routes. */
public final class InvitationRequests {

    private InvitationRequests() {
    }

    @Schema(name = "CreateUserRequest", description = "An account an administrator creates; the user sets its password")
    public record Create(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 100) @Pattern(regexp = UserRequests.ONE_LINE, message = UserRequests.ONE_LINE_MESSAGE) String name,
            @NotNull @Pattern(regexp = "^(CUSTOMER|AGENT|ADMIN)$") String role,
            @Size(max = 100) @Pattern(regexp = UserRequests.ONE_LINE, message = UserRequests.ONE_LINE_MESSAGE) String company,
            @Pattern(regexp = "^[a-z]{2}(-[A-Z]{2})?$") String locale) {
    }

    @Schema(name = "AcceptInvitationRequest")
    public record Accept(
            @NotBlank @Size(max = 200) String token,
            @NotNull @Size(max = 128) String password) {
    }
}
