package io.helpdesk.platform.testing;

/**
 * The one switch between the stand-in servers (default) and Quarkus Dev Services (real MongoDB and
 * Redis containers): {@code ./mvnw verify -Pdevservices}, which sets {@code helpdesk.devservices=true}.
 */
public final class DevServicesSwitch {

    public static final String PROPERTY = "helpdesk.devservices";

    private DevServicesSwitch() {
    }

    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }
}
