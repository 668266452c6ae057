package io.helpdesk.auth.reset;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ResetRequest")
public record ResetRequest(@NotBlank @Email @Size(max = 254) String email) {
}
