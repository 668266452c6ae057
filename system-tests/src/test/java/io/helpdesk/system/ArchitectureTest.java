package io.helpdesk.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.helpdesk.platform.security.Roles;

/**
 * The rules the codebase keeps, as tests over every module's compiled production classes (run after
 * the modules are built): one way to turn a token into a caller, no service reaching into another,
 * a platform that knows no service, constructor injection.
 */
class ArchitectureTest {

    private static final List<String> SERVICES = List.of("io.helpdesk.auth", "io.helpdesk.ticket",
            "io.helpdesk.analytics", "io.helpdesk.notification", "io.helpdesk.chat");
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPaths(Stream.of(
            "auth-service", "ticket-service", "analytics-service", "notification-service", "chat-service",
            "platform/contracts", "platform/web", "platform/security")
            .map(module -> ServiceConfig.ROOT.resolve(module).resolve("target/classes"))
            .filter(Files::isDirectory)
            .toArray(Path[]::new));

    @Test
    void onlyPlatformSecurityTurnsATokenIntoACaller() {
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.jwt.JsonWebToken")
                .because("resources take the caller from CurrentCaller, made once from the verified token")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().callMethod(Roles.class, "highest", Set.class)
                .because("the role is decided in one place, Caller")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.smallrye.jwt.auth.principal.JWTParser")
                .because("tokens are parsed by TokenVerifier, with the revocation check")
                .check(PRODUCTION);
    }

    @Test
    void noServiceUsesAnotherServicesCode() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage(service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                            .filter(other -> !other.equals(service)).map(other -> other + "..").toArray(String[]::new))
                    .check(PRODUCTION);
        }
    }

    @Test
    void thePlatformKnowsNoService() {
        noClasses().that().resideInAnyPackage("io.helpdesk.platform.security..", "io.helpdesk.platform..", "io.helpdesk.platform.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .check(PRODUCTION);
    }

    @Test
    void dependenciesComeThroughConstructors() {
        noFields().should().beAnnotatedWith(jakarta.inject.Inject.class).check(PRODUCTION);
    }
}
