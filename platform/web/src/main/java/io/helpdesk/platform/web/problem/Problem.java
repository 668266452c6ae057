package io.helpdesk.platform.web.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the one error body every Helpdesk service returns as
 * {@code application/problem+json}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Problem type URI; about:blank when the status says it all") URI type,
        @Schema(description = "Short summary of the problem type") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request") String detail,
        @Schema(description = "The request path") URI instance,
        @Schema(description = "The failing fields, for validation problems") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final URI BLANK = URI.create("about:blank");

    /** One input field that failed validation. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "Path of the field, such as email or address.city") String field,
            @Schema(description = "Why the value was refused") String detail) {
    }
}
