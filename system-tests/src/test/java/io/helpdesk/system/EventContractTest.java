package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.events.OutboxEntry;

/**
 * The event contract between the services: each type is written by the service that owns it and read
 * by each service that consumes its stream, with the same records and the JSON settings the services
 * use. Every type, filled in every field, must come out of its consumers' reading exactly as its
 * producer wrote it; the producer and consumer table below must match what the compiled services do.
 */
class EventContractTest {

    /** Who writes each stream and who reads it (docs/asyncapi.yaml must say the same: AsyncApiDocumentTest). */
    static final Map<String, String> PRODUCERS = Map.of(
            "events.users", "auth",
            "events.tickets", "ticket",
            "notifications.requests", "ticket analytics");
    static final Map<String, String> CONSUMERS = Map.of(
            "events.users", "analytics notification chat ticket",
            "events.tickets", "analytics notification chat",
            "notifications.requests", "notification");

    /** A mapper as the services' is: ISO dates, and the platform's strict reading rules. */
    private static final ObjectMapper JSON = strict(JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build());

    private static ObjectMapper strict(ObjectMapper mapper) {
        new io.helpdesk.platform.web.json.StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void everyEventRoundTripsFromItsProducerToItsConsumers() {
        for (EventType type : EventType.values()) {
            Object sent = sample(type.payloadType(), type.name());
            OutboxEntry entry = Envelopes.entry(JSON, type, "actor-1", "subject-1", 7, sent,
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            assertEquals(type.stream(), entry.stream, type + " travels on its stream");
            assertEquals(type.wireName(), entry.type);
            // What a consumer reads from the stream entry's envelope field.
            EventEnvelope read = Envelopes.read(JSON, entry.envelope);
            assertEquals(EventType.named(read.type()).orElseThrow(), type);
            assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", read.traceparent());
            assertEquals(7, read.version());
            assertEquals(sent, Envelopes.payload(JSON, read, type.payloadType()), type + " reads back as written");
        }
    }

    @Test
    void aProducerCannotSendAnotherTypesRecord() {
        assertThrows(IllegalArgumentException.class, () -> Envelopes.entry(JSON, EventType.TICKET_CREATED, "a", "s", 1,
                UserEvents.Payload.of("u", "e", "n", "en", "CUSTOMER", null), null));
    }

    @Test
    void anEventWrittenBeforeTheStatusWasCarriedNeverMakesADisabledAccountActive() {
        UserEvents.Payload older = new UserEvents.Payload("u", "e", "n", "en", "AGENT", null, null, "CUSTOMER", null,
                null, null, null, null, null, null);
        assertEquals("DISABLED", older.statusAfter(EventType.USER_ROLE_CHANGED, "DISABLED"));
        assertEquals("DISABLED", older.statusAfter(EventType.PASSWORD_CHANGED, "DISABLED"));
        assertEquals("ACTIVE", older.statusAfter(EventType.USER_ROLE_CHANGED, null));
        assertEquals("ACTIVE", older.statusAfter(EventType.USER_ENABLED, "DISABLED"));
        assertEquals("DISABLED", older.statusAfter(EventType.USER_DISABLED, "ACTIVE"));
        assertEquals("DELETED", older.statusAfter(EventType.USER_DELETED, "ACTIVE"));
        assertEquals("INVITED", older.withReason("x").statusAfter(EventType.USER_ROLE_CHANGED, "INVITED"));
        UserEvents.Payload current = UserEvents.Payload.account("u", "e", "n", "en", "AGENT", null, null, null, "ACTIVE", true);
        assertEquals("ACTIVE", current.statusAfter(EventType.USER_ROLE_CHANGED, "DISABLED"), "a carried status wins");
    }

    @Test
    void userEventsWrittenBeforeTheTypedRecordsStillRead() {
        // The flat map the auth-service wrote before UserEvents.Payload: the same fields, so both read.
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("userId", "u-1");
        old.put("email", "a@example.com");
        old.put("name", "Ann");
        old.put("locale", "en");
        old.put("role", "CUSTOMER");
        old.put("phone", null);
        old.put("otpSealed", "sealed");
        old.put("expiresAt", "2026-11-29T10:00:00Z");
        old.put("expiresInMinutes", 10);
        EventEnvelope envelope = new EventEnvelope("e-1", "PasswordResetRequested", Instant.now(), 1, "u-1", "u-1", old, null);
        UserEvents.Payload payload = Envelopes.payload(JSON, envelope, UserEvents.Payload.class);
        assertEquals("sealed", payload.otpSealed());
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), payload.expiresAt());
        assertEquals(10L, payload.expiresInMinutes());
    }

    @Test
    void theTableMatchesWhatTheServicesDo() {
        JavaClasses services = new ClassFileImporter().importPaths(Stream.of("auth", "ticket", "analytics",
                "notification", "chat")
                .map(s -> ServiceConfig.ROOT.resolve(s + "-service/target/classes"))
                .filter(Files::isDirectory).toArray(Path[]::new));
        Map<EventType, Set<String>> produced = new LinkedHashMap<>();
        Map<String, Set<String>> consumed = new LinkedHashMap<>();
        for (JavaClass c : services) {
            String service = c.getPackageName().split("\\.")[2];
            // A producer names the type where it makes the event: Outbox.event, or the auth-service's
            // userEvent, which adds the account's fields and calls it.
            boolean makesEvents = c.getMethodCallsFromSelf().stream().anyMatch(call ->
                    call.getTarget().getName().equals("event")
                            && call.getTargetOwner().getName().equals("io.helpdesk.platform.events.Outbox")
                            || call.getTarget().getName().equals("userEvent"));
            for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
                if (makesEvents && access.getTargetOwner().isEquivalentTo(EventType.class)) {
                    produced.computeIfAbsent(EventType.valueOf(access.getTarget().getName()), k -> new TreeSet<>())
                            .add(service);
                }
            }
            if (c.isAssignableTo("io.helpdesk.platform.events.Subscription")
                    && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                consumed.computeIfAbsent(streamOf(c.getName()), k -> new TreeSet<>()).add(service);
            }
        }
        assertTrue(!produced.isEmpty() && !consumed.isEmpty(), "the services are built");
        for (EventType type : EventType.values()) {
            assertEquals(new TreeSet<>(List.of(PRODUCERS.get(type.stream()).split(" "))), produced.get(type),
                    "producers of " + type);
        }
        CONSUMERS.forEach((stream, who) -> assertEquals(new TreeSet<>(List.of(who.split(" "))), consumed.get(stream),
                "consumers of " + stream));
    }

    @Test
    void noServiceSpellsAnEventTypeName() throws java.io.IOException {
        // A string constant in a class file is a CONSTANT_Utf8 entry: tag 1, a two-byte length, the bytes.
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String service : List.of("auth", "ticket", "analytics", "notification", "chat")) {
            Path classes = ServiceConfig.ROOT.resolve(service + "-service/target/classes");
            if (!Files.isDirectory(classes)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                    files++;
                    String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (EventType type : EventType.values()) {
                        String name = type.wireName();
                        if (bytes.contains("\u0001\u0000" + (char) name.length() + name)) {
                            found.add(classes.relativize(file) + ": " + name);
                        }
                    }
                }
            }
        }
        assertTrue(files > 0, "the services are built");
        assertEquals(List.of(), found, "event types are named by EventType, never spelled out");
    }

    /** The stream a compiled subscription reads (its constructor only keeps its collaborators). */
    private static String streamOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, SERVICES);
            Constructor<?> constructor = type.getDeclaredConstructors()[0];
            Object[] nothing = new Object[constructor.getParameterCount()];
            for (int i = 0; i < nothing.length; i++) {
                Class<?> p = constructor.getParameterTypes()[i];
                nothing[i] = p == int.class ? 0 : p == long.class ? 0L : p == boolean.class ? false : null;
            }
            constructor.setAccessible(true);
            return ((io.helpdesk.platform.contracts.EventStream<?>) type.getMethod("stream")
                    .invoke(constructor.newInstance(nothing))).name();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the stream of " + className, e);
        }
    }

    private static final ClassLoader SERVICES = new java.net.URLClassLoader(Stream.of("auth", "ticket", "analytics",
            "notification", "chat").map(s -> ServiceConfig.ROOT.resolve(s + "-service/target/classes"))
            .filter(Files::isDirectory).map(EventContractTest::url).toArray(java.net.URL[]::new),
            EventContractTest.class.getClassLoader());

    private static java.net.URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value of the type with every field filled, different per field, so a dropped field shows. */
    private static Object sample(Type type, String seed) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return seed;
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-11-29T10:00:00Z").plusSeconds(Math.abs(seed.hashCode() % 100_000));
        }
        if (raw == long.class || raw == Long.class) {
            return (long) Math.abs(seed.hashCode() % 1000) + 1;
        }
        if (raw == int.class || raw == Integer.class) {
            return Math.abs(seed.hashCode() % 1000) + 1;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            return new ArrayList<>(List.of(sample(element, seed + "[0]"), sample(element, seed + "[1]")));
        }
        if (raw == Map.class) {
            // Template values travel as JSON values: strings and numbers keep their types.
            return new LinkedHashMap<>(Map.of(seed + ".a", seed, seed + ".b", 3));
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), seed + "." + components[i].getName());
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = raw.getDeclaredConstructor(types);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        assertNotNull(null, "no sample for " + type);
        return null;
    }
}
