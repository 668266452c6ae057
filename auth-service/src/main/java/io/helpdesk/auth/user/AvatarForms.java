package io.helpdesk.auth.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.helpdesk.auth.avatar.AvatarImages;
import io.helpdesk.platform.web.input.PlainText;
import io.helpdesk.platform.web.problem.Problem;

/** The multipart bodies that carry a picture: what they bind to, and how OpenAPI shows them. */
public final class AvatarForms {

    private AvatarForms() {
    }

    static final String PICTURE = "PNG, JPEG or WebP, told by its content (not its name or declared type); at most"
            + " 5 MB (AUTH_AVATAR_MAX_SIZE), 25 megapixels and 10,000 pixels on a side. Re-encoded as 256×256 and"
            + " 64×64 PNGs, cropped square about the centre, without its metadata";

    /** {@code PUT /v1/user/avatar}. */
    @Schema(name = "AvatarUpload")
    public static class Upload {
        @RestForm(AvatarImages.FIELD)
        @Schema(type = SchemaType.STRING, format = "binary", required = true, description = PICTURE)
        public FileUpload avatar;
    }

    /** {@code POST /v1/user} as {@code multipart/form-data}: the JSON sign-up's fields, and a picture. */
    @Schema(name = "RegisterForm", description = "The fields of RegisterRequest as form fields, and an optional picture")
    public static class SignUp {
        @RestForm
        @Schema(required = true, maxLength = 254)
        public String email;
        @RestForm
        @Schema(required = true, maxLength = 100)
        public String name;
        @RestForm
        @Schema(required = true, maxLength = 128)
        public String password;
        @RestForm
        @Schema(pattern = UserRequests.PHONE)
        public String phone;
        @RestForm
        @Schema(maxLength = 100)
        public String company;
        @RestForm
        @PartType(MediaType.APPLICATION_JSON)
        @Schema(description = "A JSON part: {line1, line2, city, postalCode, country}")
        public AddressDto address;
        @RestForm
        @Schema(pattern = UserRequests.LOCALE)
        public String locale;
        @RestForm(AvatarImages.FIELD)
        @Schema(type = SchemaType.STRING, format = "binary", description = "Optional. " + PICTURE)
        public FileUpload avatar;

        UserRequests.Register request() {
            return new UserRequests.Register(email, name, password, phone, company, address, locale);
        }

        /**
         * The text fields that break the rule a JSON body's strings keep ({@code StrictJson}): no control
         * character but tab and line breaks, no half of a surrogate pair. The JSON part (address) is read
         * by that rule already.
         */
        List<Problem.FieldError> notPlain() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("email", email);
            fields.put("name", name);
            fields.put("password", password);
            fields.put("phone", phone);
            fields.put("company", company);
            fields.put("locale", locale);
            List<Problem.FieldError> errors = new ArrayList<>();
            fields.forEach((field, value) -> {
                if (value != null && !PlainText.isPlain(value, true)) {
                    errors.add(new Problem.FieldError(field, "must not contain control characters"));
                }
            });
            return errors;
        }
    }
}
