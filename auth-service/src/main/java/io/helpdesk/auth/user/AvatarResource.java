package io.helpdesk.auth.user;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.avatar.AvatarImages;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.security.Authenticated;

/**
 * The caller's picture ({@code PUT}, {@code DELETE}), and every picture by its address ({@code GET}):
 * served to anyone, since an {@code <img>} sends no token, at an address that is a random key of the
 * picture, not the user's id, and that changes with each new picture, so it is cached for a year.
 */
@Path("/v1/user/avatar")
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class AvatarResource {

    static final String CACHE_FOR_EVER = "public, max-age=31536000, immutable";

    private final AvatarService avatars;
    private final CurrentCaller caller;

    public AvatarResource(AvatarService avatars, CurrentCaller caller) {
        this.avatars = avatars;
        this.caller = caller;
    }

    @PUT
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setAvatar", summary = "Set the caller's picture",
            description = "The picture in the multipart part 'avatar'. It replaces the caller's picture, whose files are"
                    + " deleted; the profile's avatarUrl changes and a UserUpdated event carries it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = AvatarForms.Upload.class)))
    @APIResponse(responseCode = "200", description = "The profile with its new avatarUrl",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "401", description = "No valid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The picture is over the size or pixel limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The picture is not a PNG, JPEG or WebP image",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The file store is unavailable; nothing changed. See Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserView replace(AvatarForms.Upload form) {
        if (form == null || form.avatar == null) {
            throw new ProblemException(400, Problem.BLANK, null, "Send the picture in the multipart part 'avatar'.",
                    List.of(new Problem.FieldError(AvatarImages.FIELD, "is required")), null);
        }
        return UserView.of(avatars.replace(caller.get().id(), form.avatar.uploadedFile()));
    }

    @DELETE
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "removeAvatar", summary = "Remove the caller's picture",
            description = "Its files are deleted and a UserUpdated event carries avatarUrl null. Without a picture: nothing happens.")
    @APIResponse(responseCode = "204", description = "Removed, or there was none")
    @APIResponse(responseCode = "401", description = "No valid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void remove() {
        avatars.remove(caller.get().id());
    }

    @GET
    @Path("/{key}.png")
    @Produces("image/png")
    @Operation(operationId = "getAvatarImage", summary = "A picture",
            description = "The address a profile's avatarUrl gives; no token needed. It never changes content, so it is"
                    + " cached for a year (Cache-Control immutable) and answers 304 to a matching If-None-Match.")
    @APIResponse(responseCode = "200", description = "The PNG",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Not modified: the ETag matched")
    @APIResponse(responseCode = "404", description = "No current picture has this key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response image(
            @Parameter(description = "The picture's key, from avatarUrl: 22 URL-safe characters") @PathParam("key") String key,
            @Parameter(description = "256 (the default) or 64") @QueryParam("size") @DefaultValue("256") int size,
            @Context Request request) {
        if (!AvatarImages.SIZES.contains(size)) {
            throw new ProblemException(400, Problem.BLANK, null, "A picture is served 256 or 64 pixels square.",
                    List.of(new Problem.FieldError("size", "must be 256 or 64")), null);
        }
        String owner = avatars.owner(key).orElseThrow(AvatarResource::notFound);
        EntityTag tag = new EntityTag(key + "-" + size);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).header(HttpHeaders.CACHE_CONTROL, CACHE_FOR_EVER).build();
        }
        ObjectStore.StoredObject image = avatars.open(owner, key, size).orElseThrow(AvatarResource::notFound);
        return Response.ok(image.content(), "image/png")
                .tag(tag)
                .header(HttpHeaders.CACHE_CONTROL, CACHE_FOR_EVER)
                .header(HttpHeaders.CONTENT_LENGTH, image.length())
                .build();
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "No such picture.");
    }
}
