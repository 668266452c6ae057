package io.helpdesk.auth.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An answer that is only a sentence for the user. */
@Schema(name = "Message", description = "A sentence for the user", requiredProperties = "message")
public record Message(String message) {
}
