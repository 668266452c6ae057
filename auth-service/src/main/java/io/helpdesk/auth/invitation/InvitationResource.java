package io.helpdesk.auth.invitation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.auth.user.UserView;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.html.HtmlPage;
import io.helpdesk.platform.web.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Accepting an invitation: the invited user sets a password, then logs in as everyone does. The mail's
 * link opens this route's page (GET), a plain same-origin form that posts the token and the password
 * back here form-encoded; API clients post JSON. Opening the page uses nothing up.
 */
@Path("/v1/user/invitation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class InvitationResource {

    private final Invitations invitations;

    public InvitationResource(Invitations invitations) {
        this.invitations = invitations;
    }

    @POST
    @Operation(operationId = "acceptInvitation",
            summary = "Accept an invitation", description = "Sets the password of an account an administrator"
            + " created; the account becomes ACTIVE with a verified address and the token stops working.")
    @APIResponse(responseCode = "200", description = "The account, ready to log in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, a password the policy refuses, or a token that"
            + " is unknown, used, replaced or expired")
    @APIResponse(responseCode = "409", description = "The account changed meanwhile; try again")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public UserView accept(@Valid @NotNull InvitationRequests.Accept request, @Context HttpServerRequest http) {
        return UserView.of(invitations.accept(request.token(), request.password(), ClientAddress.of(http)));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "invitationPage", summary = "The set-your-password page an invitation mail links to",
            description = "A plain form (no script) that posts the token and the chosen password to this route;"
                    + " opening it checks and uses nothing.")
    @APIResponse(responseCode = "200", description = "The page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response page(@QueryParam("token") String token) {
        return html(200, form(token == null ? "" : token, null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "acceptInvitation",
            summary = "Accept an invitation from its page", description = "The page's form: the same check as the"
            + " JSON route; the answer is a page saying the account is ready, or the form again with what was wrong.")
    @APIResponse(responseCode = "200", description = "The account is ready",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "The form again (an HTML page), with what was wrong")
    @APIResponse(responseCode = "409", description = "The form again (an HTML page): the account changed meanwhile")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public Response acceptForm(@FormParam("token") String token, @FormParam("password") String password,
            @Context HttpServerRequest http) {
        if (token == null || token.isBlank() || password == null || password.isEmpty() || password.length() > 128) {
            return html(400, form(token == null ? "" : token, "Enter the token and a password of at most 128 characters."));
        }
        try {
            invitations.accept(token, password, ClientAddress.of(http));
        } catch (ProblemException refused) {
            if (refused.status() >= 500) {
                throw refused;
            }
            StringBuilder why = new StringBuilder(refused.getMessage());
            refused.errors().forEach(e -> why.append(" ").append(e.field()).append(" ").append(e.detail()).append("."));
            return html(refused.status(), form(token, why.toString()));
        }
        return html(200, HtmlPage.of("Your account is ready", "<p>Your password is set. Log in with your email address"
                + " and the password you chose.</p>"));
    }

    /** The page carries the token: no cache keeps it, and no link on it hands the address on. */
    private static Response html(int status, String page) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").build();
    }

    private static String form(String token, String error) {
        String alert = error == null ? "" : "<p role=\"alert\"><strong>" + HtmlPage.escape(error) + "</strong></p>";
        return HtmlPage.of("Choose your password", alert
                + "<form method=\"post\" action=\"/v1/user/invitation\">"
                + "<p><label>Invitation token<br><input name=\"token\" required value=\"" + HtmlPage.escape(token)
                + "\"></label></p>"
                + "<p><label>New password<br><input type=\"password\" name=\"password\" required maxlength=\"128\""
                + " autocomplete=\"new-password\"></label></p>"
                + "<p><button type=\"submit\">Set password</button></p></form>");
    }
}
