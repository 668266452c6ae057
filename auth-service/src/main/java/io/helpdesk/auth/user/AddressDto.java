package io.helpdesk.auth.user;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Address", nullable = true, description = "A postal address, or null when none was given; each line may be"
        + " null too")
public record AddressDto(
        @Schema(nullable = true) @Size(max = 200) String line1,
        @Schema(nullable = true) @Size(max = 200) String line2,
        @Schema(nullable = true) @Size(max = 100) String city,
        @Schema(nullable = true) @Size(max = 20) String postalCode,
        @Schema(nullable = true) @Size(max = 100) String country) {

    static AddressDto of(User.Address address) {
        return address == null ? null
                : new AddressDto(address.line1, address.line2, address.city, address.postalCode, address.country);
    }

    User.Address toEntity() {
        User.Address address = new User.Address();
        address.line1 = line1;
        address.line2 = line2;
        address.city = city;
        address.postalCode = postalCode;
        address.country = country;
        return address;
    }
}
