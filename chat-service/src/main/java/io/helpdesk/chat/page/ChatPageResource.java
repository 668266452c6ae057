package io.helpdesk.chat.page;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.chat.config.ChatConfig;

/**
 * What the chat page at {@code /} needs to know, from configuration rather than from its own URL: a
 * link cannot point the page's login form at another server.
 */
@Path("/v1/chat/page")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Chat")
public class ChatPageResource {

    @Schema(requiredProperties = "authUrl")
    public record PageConfig(@Schema(description = "The auth-service's public URL, where the page's login form posts") String authUrl) {
    }

    private final PageConfig config;

    public ChatPageResource(ChatConfig config) {
        this.config = new PageConfig(config.page().authUrl().replaceAll("/+$", ""));
    }

    @GET
    @Operation(operationId = "getChatPageSettings", summary = "The chat page's settings: where it logs in (no login needed)")
    @APIResponse(responseCode = "200", description = "The settings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PageConfig.class)))
    public PageConfig config() {
        return config;
    }
}
