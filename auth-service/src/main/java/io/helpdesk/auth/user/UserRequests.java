package io.helpdesk.auth.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the user routes. Unknown fields, such as {@code role}, are ignored. */
public final class UserRequests {

    private UserRequests() {
    }

    static final String PHONE = "^[+0-9 ()-]{5,30}$";
    static final String LOCALE = "^[a-z]{2}(-[A-Z]{2})?$";
    /**
     * A name or a company is one line of text: beyond the rule every JSON string keeps (no control
     * character but tab and line breaks), no tab or line break either.
     */
    public static final String ONE_LINE = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";
    public static final String ONE_LINE_MESSAGE = "must be one line without control characters";

    @Schema(name = "RegisterRequest", additionalProperties = Schema.True.class,
            description = "Other fields, such as role, are ignored")
    public record Register(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 100) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) String name,
            @NotNull @Size(max = 128) String password,
            @Pattern(regexp = PHONE) String phone,
            @Size(max = 100) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) String company,
            @Valid AddressDto address,
            @Pattern(regexp = LOCALE) String locale) {
    }

    @Schema(name = "UpdateProfileRequest", additionalProperties = Schema.True.class,
            description = "Only the fields present are changed; other fields, such as email or role, are ignored")
    public record UpdateProfile(
            @Size(min = 1, max = 100) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) String name,
            @Pattern(regexp = PHONE) String phone,
            @Size(max = 100) @Pattern(regexp = ONE_LINE, message = ONE_LINE_MESSAGE) String company,
            @Valid AddressDto address,
            @Pattern(regexp = LOCALE) String locale) {
    }

    @Schema(name = "ChangePasswordRequest")
    public record ChangePassword(
            @NotNull @Size(max = 128) String currentPassword,
            @NotNull @Size(max = 128) String newPassword) {
    }

    @Schema(name = "VerifyEmailRequest")
    public record VerifyEmail(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "^[0-9]{6}$") String code) {
    }

    @Schema(name = "ResendVerificationRequest")
    public record ResendVerification(@NotBlank @Email @Size(max = 254) String email) {
    }
}
