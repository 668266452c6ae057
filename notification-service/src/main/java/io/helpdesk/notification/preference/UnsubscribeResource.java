package io.helpdesk.notification.preference;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.platform.web.html.HtmlPage;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * The signed unsubscribe link in every non-security mail. Opening it (GET) only asks: mail scanners and
 * link previews fetch links, and must not opt anyone out. The opt-out is the POST, sent by the page's
 * button or by a mail client's one-click unsubscribe (RFC 8058, {@code List-Unsubscribe-Post}).
 */
@Path("/v1/notifications/unsubscribe")
@Tag(name = "Notifications")
public class UnsubscribeResource {

    private static final String USER = "The user's id";
    private static final String SIGNATURE = "The link's signature of the user's id";

    private final Preferences preferences;
    private final UnsubscribeLinks links;

    public UnsubscribeResource(Preferences preferences, UnsubscribeLinks links) {
        this.preferences = preferences;
        this.links = links;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "unsubscribePage", summary = "The page behind a signed unsubscribe link: asks for confirmation, changes nothing (no login)")
    @APIResponse(responseCode = "200", description = "The confirmation page, whose button sends the POST",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", description = "The link's signature does not match its user")
    public String confirmationPage(@QueryParam("u") @Parameter(required = true, description = USER) String userId,
            @QueryParam("s") @Parameter(required = true, description = SIGNATURE) String signature) {
        verified(userId, signature);
        String action = "/v1/notifications/unsubscribe?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&s="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8);
        return HtmlPage.of("Unsubscribe from ticket mail?",
                "<p>You will no longer receive mail about tickets. Security mail (codes, password changes) still comes.</p>"
                        + "<form method=\"post\" action=\"" + HtmlPage.escape(action) + "\">"
                        + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                        + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Unsubscribe from ticket mail: the page's button, or a mail client's one-click (RFC 8058)")
    @RequestBody(required = false, description = "What the page's form and a one-click mail client send (the body is not read)",
            content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
                    properties = @SchemaProperty(name = "List-Unsubscribe", type = SchemaType.STRING, enumeration = "One-Click"))))
    @APIResponse(responseCode = "200", description = "Unsubscribed: a page that says so",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", description = "The link's signature does not match its user")
    public String unsubscribe(@QueryParam("u") @Parameter(required = true, description = USER) String userId,
            @QueryParam("s") @Parameter(required = true, description = SIGNATURE) String signature) {
        verified(userId, signature);
        preferences.set(userId, false);
        return HtmlPage.of("Unsubscribed",
                "<p>You will no longer receive ticket mail. Security mail (codes, password changes) still comes.</p>");
    }

    private void verified(String userId, String signature) {
        if (!links.verify(userId, signature)) {
            throw new ProblemException(403, "This unsubscribe link is not valid.");
        }
    }
}
