package io.helpdesk.chat.page;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
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

    public record PageConfig(String authUrl) {
    }

    private final PageConfig config;

    public ChatPageResource(ChatConfig config) {
        this.config = new PageConfig(config.page().authUrl().replaceAll("/+$", ""));
    }

    @GET
    @Operation(summary = "The chat page's settings: where it logs in (no login needed)")
    public PageConfig config() {
        return config;
    }
}
