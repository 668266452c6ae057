package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a native executable will be able to reach by reflection, read from the build Quarkus hands to
 * GraalVM ({@code ./mvnw package -Dnative -Dquarkus.native.sources-only=true} leaves it in
 * {@code target/native-sources/}). Every record of the project is taken for a type Jackson or the
 * MongoDB codec may meet (a DTO, an event, a cached report) and must be registered, unless it is
 * named below as one that only ever lives in Java code.
 */
class NativeImageConfigurationTest {

    /** Records that never cross JSON, BSON or a template, so they need no reflection. */
    private static final Set<String> CODE_ONLY = Set.of(
            "io.helpdesk.auth.session.TokenPair",
            "io.helpdesk.auth.password.Argon2Hash",
            "io.helpdesk.auth.throttle.ThrottleStore$Look",
            "io.helpdesk.auth.session.SessionService$Presented",
            "io.helpdesk.auth.authserver.ClientAuthentication$Client",
            "io.helpdesk.analytics.facts.FactsChanged",
            "io.helpdesk.analytics.people.PeopleChanged",
            "io.helpdesk.auth.code.OneTimeCodes$Issued",
            "io.helpdesk.auth.code.OneTimeCodes$Check",
            "io.helpdesk.platform.contracts.EventStream",
            "io.helpdesk.platform.events.Received",
            "io.helpdesk.platform.events.Subscriptions$Running",
            "io.helpdesk.auth.token.TokenIssuer$AccessToken",
            "io.helpdesk.auth.oauth.ProviderAccount",
            "io.helpdesk.auth.oauth.SignInCodes$SignedIn",
            "io.helpdesk.auth.oauth.SignInProviders$SignInProvider",
            "io.helpdesk.platform.security.Caller",
            "io.helpdesk.platform.security.Revocation",
            "io.helpdesk.platform.security.TokenVerifier$Verified",
            "io.helpdesk.ticket.ticket.TicketQueries$Criteria",
            "io.helpdesk.ticket.ticket.TicketQueries$Query",
            "io.helpdesk.auth.admin.AdminUserService$Listed",
            "io.helpdesk.analytics.facts.FactRepository$Written",
            "io.helpdesk.analytics.facts.FactRepository$Taken",
            "io.helpdesk.notification.mail.MailComposer$Composed",
            "io.helpdesk.analytics.report.ReportCache$Cached",
            "io.helpdesk.chat.message.MessageStore$Stored",
            "io.helpdesk.chat.room.Rooms$Verdict",
            "io.helpdesk.platform.storage.ObjectStore$StoredObject");

    static Stream<String> services() {
        return ServiceConfig.SERVICES.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyRecordThatCanMeetJacksonOrTheCodecIsRegisteredForReflection(String service) throws IOException {
        Path sources = ServiceConfig.ROOT.resolve(service).resolve("target/native-sources");
        boolean present = Files.isDirectory(sources);
        if (Boolean.getBoolean("helpdesk.native-sources.required")) {
            assertTrue(present, "no " + sources + ": build it with ./mvnw package -Dnative -Dquarkus.native.sources-only=true");
        }
        Assumptions.assumeTrue(present, "the native sources of " + service + " have not been built");

        Path runner;
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        jars.add(runner);
        try (Stream<Path> libs = Files.list(sources.resolve("lib"))) {
            libs.filter(f -> f.getFileName().toString().startsWith("io.helpdesk.")).forEach(jars::add);
        }

        Set<String> registered = new HashSet<>();
        try (ZipFile zip = new ZipFile(runner.toFile())) {
            JsonNode config = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry("META-INF/native-image/reflect-config.json")));
            config.forEach(entry -> registered.add(entry.get("name").asText()));
        }
        assertTrue(registered.contains("io.helpdesk.platform.web.problem.Problem"), "the problem body every service writes");

        Set<String> missing = new TreeSet<>();
        int records = 0;
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    String name = entry.getName();
                    if (name.startsWith("io/helpdesk/") && name.endsWith(".class") && isRecord(zip, entry)) {
                        records++;
                        String type = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                        if (!registered.contains(type) && !CODE_ONLY.contains(type)) {
                            missing.add(type);
                        }
                    }
                }
            }
        }
        assertTrue(records > 0, "records found in " + jars);
        assertEquals(Set.of(), missing, service + ": records a native executable could not serialize");
    }

    /** A class whose superclass is java.lang.Record (read from the constant pool, not loaded). */
    private static boolean isRecord(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            String bytes = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            return bytes.contains("java/lang/Record");
        }
    }
}
