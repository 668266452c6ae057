package io.helpdesk.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RefreshRequest")
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
}
