package io.helpdesk.auth.user;

import jakarta.validation.constraints.Size;

public record AddressDto(
        @Size(max = 200) String line1,
        @Size(max = 200) String line2,
        @Size(max = 100) String city,
        @Size(max = 20) String postalCode,
        @Size(max = 100) String country) {

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
