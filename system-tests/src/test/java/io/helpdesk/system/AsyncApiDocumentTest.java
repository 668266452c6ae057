package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.security.Revocation;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.AsyncApiDocument;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * {@code docs/asyncapi.yaml} is a valid AsyncAPI 3.0.0 document, and a true one: every event type has
 * its message on its stream's channel, real events (the contract records, written by the services'
 * own envelope code and JSON settings) validate against their messages' schemas, each schema has
 * exactly its record's fields, every channel named in platform/contracts is described, and the
 * producers and consumers it names are the ones {@link EventContractTest} finds in the services. The
 * chat frames are checked against it by the chat-service's {@code ChatProtocolDocumentTest}.
 */
class AsyncApiDocumentTest {

    private static final AsyncApiDocument DOCUMENT = AsyncApiDocument.read(ServiceConfig.ROOT.resolve(AsyncApiDocument.PATH));
    /** The official schema of AsyncAPI 3.0.0 (see src/test/resources/asyncapi/README.md). */
    private static final String META_SCHEMA = "/asyncapi/asyncapi-3.0.0.schema.json";
    private static final Set<String> STREAMS = Set.of(Channels.USERS_STREAM, Channels.TICKETS_STREAM,
            Channels.NOTIFICATION_REQUESTS_STREAM);
    private static final ObjectMapper JSON = servicesMapper();

    @Test
    void theDocumentIsValidAgainstTheAsyncApi300Schema() throws IOException {
        JsonNode metaSchema = metaSchema();
        assertEquals(List.of(), AsyncApiDocument.errors(metaSchema, DOCUMENT.root()), DOCUMENT.file().toString());
        assertEquals("3.0.0", DOCUMENT.root().path("asyncapi").asText());

        // The schema is really applied: a document with an operation of AsyncAPI 2's kind is refused.
        ObjectNode broken = DOCUMENT.root().deepCopy();
        ((ObjectNode) broken.path("operations").path("receiveJoin")).put("action", "subscribe");
        assertFalse(AsyncApiDocument.errors(metaSchema, broken).isEmpty(), "an invalid action is found");
    }

    @Test
    void everyEventTypeHasItsMessageOnItsStreamAndNoOtherMessageIsThere() {
        Map<String, String> described = new LinkedHashMap<>();
        for (String channelId : streamChannels()) {
            String stream = DOCUMENT.channel(channelId).path("address").asText();
            DOCUMENT.messages(channelId).values().forEach(m -> described.put(m.path("name").asText(), stream));
        }
        Map<String, String> types = Arrays.stream(EventType.values())
                .collect(Collectors.toMap(EventType::wireName, EventType::stream, (a, b) -> a, LinkedHashMap::new));
        assertEquals(new TreeSet<>(types.entrySet().stream().map(Object::toString).toList()),
                new TreeSet<>(described.entrySet().stream().map(Object::toString).toList()),
                "each EventType (wire name=stream) is a message of its stream's channel, and nothing else is");
        for (EventType type : EventType.values()) {
            assertEquals(type.wireName(), message(type).path("payload").path("allOf").get(1).path("properties")
                    .path("type").path("const").asText(), type + ": the envelope's type");
        }
    }

    @Test
    void realEventsValidateAgainstTheirMessages() {
        for (EventType type : EventType.values()) {
            JsonNode message = message(type);
            JsonNode payloadSchema = payloadRecordSchema(message);
            for (boolean sparse : new boolean[] { false, true }) {
                Object record = sample(type.payloadType(), payloadSchema, type.name(), sparse);
                OutboxEntry entry = Envelopes.entry(JSON, type, "actor-1", "subject-1", 7, record,
                        sparse ? null : "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                JsonNode envelope = read(entry.envelope);
                assertEquals(List.of(), AsyncApiDocument.errors(message.path("payload"), envelope),
                        type + (sparse ? " with every optional field null" : " with every field filled") + ": " + envelope);
                ObjectNode headers = JSON.createObjectNode().put("id", entry.eventId).put("type", entry.type);
                assertEquals(List.of(), AsyncApiDocument.errors(message.path("headers"), headers), type + " entry fields");
            }
        }
    }

    @Test
    void aPayloadOfAnotherTypeOrWithAnUndescribedFieldIsRefused() {
        JsonNode created = message(EventType.TICKET_CREATED);
        ObjectNode envelope = (ObjectNode) read(Envelopes.entry(JSON, EventType.USER_REGISTERED, "a", "s", 1,
                sample(EventType.USER_REGISTERED.payloadType(), payloadRecordSchema(message(EventType.USER_REGISTERED)),
                        "x", false), null).envelope);
        assertFalse(AsyncApiDocument.errors(created.path("payload"), envelope).isEmpty(), "a user event is no TicketCreated");
        envelope.put("type", "TicketCreated");
        assertFalse(AsyncApiDocument.errors(created.path("payload"), envelope).isEmpty(), "nor with the type changed");
        ObjectNode extra = (ObjectNode) read(Envelopes.entry(JSON, EventType.USER_REGISTERED, "a", "s", 1,
                sample(EventType.USER_REGISTERED.payloadType(), payloadRecordSchema(message(EventType.USER_REGISTERED)),
                        "x", false), null).envelope);
        ((ObjectNode) extra.path("payload")).put("undocumented", 1);
        assertFalse(AsyncApiDocument.errors(message(EventType.USER_REGISTERED).path("payload"), extra).isEmpty());
    }

    @Test
    void eachSchemaHasExactlyItsRecordsFields() {
        compare(EventEnvelope.class, DOCUMENT.schema("EventEnvelope"), "EventEnvelope");
        for (EventType type : EventType.values()) {
            compare(type.payloadType(), payloadRecordSchema(message(type)), type.wireName() + ".payload");
        }
    }

    @Test
    void theDocumentsEnumerationsAreTheCodes() throws ReflectiveOperationException {
        JsonNode user = DOCUMENT.schema("UserEventPayload").path("properties");
        JsonNode ticket = DOCUMENT.schema("TicketSnapshot").path("properties");
        Set<String> roles = Set.of(Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN);
        assertEquals(roles, strings(user.path("role").path("enum")), "a person's role");
        assertEquals(roles, strings(DOCUMENT.schema("ServerWelcome").path("properties").path("role").path("enum")));
        assertEquals(constants("io.helpdesk.auth.user.User$Status"), strings(user.path("status").path("enum")));
        assertEquals(constants("io.helpdesk.ticket.ticket.Ticket$Status"), strings(ticket.path("status").path("enum")));
        assertEquals(constants("io.helpdesk.ticket.ticket.Ticket$Priority"), strings(ticket.path("priority").path("enum")));
    }

    @Test
    void everyChannelNamedInTheContractsIsDescribed() throws IllegalAccessException {
        Set<String> addresses = new TreeSet<>();
        DOCUMENT.root().path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        List<String> missing = new ArrayList<>();
        for (Field field : Channels.class.getFields()) {
            if (field.getType() != String.class || !Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String name = (String) field.get(null);
            // A prefix is followed by a parameter, a suffix follows one.
            boolean found = addresses.stream().anyMatch(a -> a.equals(name)
                    || a.startsWith(name) && a.substring(name.length()).matches("\\{\\w+}")
                    || a.endsWith(name) && a.substring(0, a.length() - name.length()).matches("\\{\\w+}"));
            if (!found) {
                missing.add(field.getName() + " = " + name);
            }
        }
        assertEquals(List.of(), missing, "channels of platform/contracts missing from " + addresses);
        assertEquals(Channels.chatRoom("{roomId}"), DOCUMENT.channel("chatRoom").path("address").asText());
        assertEquals(Channels.deadLetters("{stream}"), DOCUMENT.channel("deadLetters").path("address").asText());
        assertEquals(new TreeSet<>(STREAMS), strings(DOCUMENT.channel("deadLetters").path("parameters").path("stream").path("enum")));
    }

    @Test
    void theProducersAndConsumersAreTheOnesTheServicesAre() {
        for (String channelId : streamChannels()) {
            String stream = DOCUMENT.channel(channelId).path("address").asText();
            assertEquals(services(EventContractTest.PRODUCERS.get(stream)), operators(channelId, "send"), "producers of " + stream);
            assertEquals(services(EventContractTest.CONSUMERS.get(stream)), operators(channelId, "receive"), "consumers of " + stream);
        }
    }

    @Test
    void revocationAnnouncementsMatchTheirSchema() {
        JsonNode schema = DOCUMENT.componentMessages().get("Revocation").path("payload");
        for (Revocation revocation : List.of(new Revocation(Revocation.Kind.TOKEN, "3f1c2b7e", 0),
                new Revocation(Revocation.Kind.SESSION, "s-1", 0), new Revocation(Revocation.Kind.USER, "u-1", 1764410000))) {
            assertEquals(List.of(), AsyncApiDocument.errors(schema, JSON.getNodeFactory().textNode(revocation.encode())),
                    revocation.encode());
        }
        assertTrue(schema.path("examples").size() == Revocation.Kind.values().length);
        for (JsonNode example : schema.path("examples")) {
            assertNotNull(Revocation.decode(example.asText()), "the example " + example + " is one chat understands");
        }
        assertFalse(AsyncApiDocument.errors(schema, JSON.getNodeFactory().textNode("USER u-1")).isEmpty());
    }

    // --- the document

    private static JsonNode metaSchema() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(META_SCHEMA)) {
            assertNotNull(in, META_SCHEMA);
            return JSON.readTree(in);
        }
    }

    /** The channels whose address is one of the event streams. */
    private static List<String> streamChannels() {
        List<String> ids = new ArrayList<>();
        DOCUMENT.root().path("channels").fields().forEachRemaining(c -> {
            if (STREAMS.contains(c.getValue().path("address").asText())) {
                ids.add(c.getKey());
            }
        });
        assertEquals(STREAMS.size(), ids.size(), "one channel per stream");
        return ids;
    }

    private static JsonNode message(EventType type) {
        JsonNode message = DOCUMENT.componentMessages().get(type.wireName());
        assertNotNull(message, "no message " + type.wireName() + " under components.messages");
        return message;
    }

    /** The schema of the envelope's {@code payload} in a stream message. */
    private static JsonNode payloadRecordSchema(JsonNode message) {
        return message.path("payload").path("allOf").get(1).path("properties").path("payload");
    }

    /** The services (tags) with an operation of this action on the channel. */
    private static Set<String> operators(String channelId, String action) {
        Set<String> services = new TreeSet<>();
        DOCUMENT.root().path("operations").forEach(op -> {
            if (op.path("action").asText().equals(action)
                    && op.path("channel").path("$ref").asText().equals("#/channels/" + channelId)) {
                op.path("tags").forEach(tag -> services.add(tag.path("name").asText()));
            }
        });
        return services;
    }

    private static Set<String> services(String shortNames) {
        return Arrays.stream(shortNames.split(" ")).map(s -> s + "-service").collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> !n.isNull()).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> constants(String enumClass) throws ReflectiveOperationException {
        Path classes = ServiceConfig.ROOT.resolve(enumClass.split("\\.")[2] + "-service/target/classes");
        assertTrue(Files.isDirectory(classes), "the services are built: " + classes);
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] { classes.toUri().toURL() },
                AsyncApiDocumentTest.class.getClassLoader())) {
            return Arrays.stream(Class.forName(enumClass, false, loader).getEnumConstants()).map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- records against schemas

    /** The object schema in a property's schema: itself, or the branch of a oneOf that is one. */
    private static JsonNode objectSchema(JsonNode schema) {
        if (schema.has("properties")) {
            return schema;
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                if (branch.has("properties")) {
                    return branch;
                }
            }
        }
        return schema;
    }

    private static boolean nullable(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isArray()) {
            return strings(type).contains("null");
        }
        return StreamSupport.stream(property.path("oneOf").spliterator(), false).anyMatch(b -> "null".equals(b.path("type").asText()));
    }

    /** The record's components and the schema's properties are the same names; nested records likewise. */
    private static void compare(Class<?> record, JsonNode schema, String where) {
        JsonNode object = objectSchema(schema);
        assertEquals(false, object.path("additionalProperties").asBoolean(true), where + ": additionalProperties false");
        Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> properties = new TreeSet<>();
        object.path("properties").fieldNames().forEachRemaining(properties::add);
        assertEquals(components, properties, where + ": the schema's properties are " + record.getName() + "'s fields");
        Set<String> required = strings(object.path("required"));
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = object.path("properties").path(component.getName());
            String at = where + "." + component.getName();
            if (component.getType().isPrimitive()) {
                assertTrue(required.contains(component.getName()) && !nullable(property), at + " is always there");
            } else {
                assertEquals(!required.contains(component.getName()), nullable(property),
                        at + ": required exactly when not nullable");
            }
            Type generic = component.getGenericType();
            if (component.getType().isRecord()) {
                compare(component.getType(), property, at);
            } else if (generic instanceof ParameterizedType p && component.getType() == List.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                compare(element, property.path("items"), at + "[]");
            }
        }
    }

    /**
     * A record of the type, every field filled (different per field, an enumeration's first value where
     * the schema has one), or with every field the schema calls nullable left null ({@code sparse}).
     */
    private static Object sample(Type type, JsonNode schema, String seed, boolean sparse) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            JsonNode values = schema.path("enum");
            return values.isArray() && !values.isEmpty() ? values.get(0).asText() : seed;
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-11-29T10:00:00.120Z").plusSeconds(Math.abs(seed.hashCode() % 100_000));
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
            return new ArrayList<>(List.of(sample(element, schema.path("items"), seed + "[0]", sparse),
                    sample(element, schema.path("items"), seed + "[1]", sparse)));
        }
        if (raw == Map.class) {
            return new LinkedHashMap<>(Map.of(seed + ".a", seed, seed + ".b", 3, seed + ".c", List.of(true, 1.5)));
        }
        if (raw.isRecord()) {
            JsonNode object = objectSchema(schema);
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                JsonNode property = object.path("properties").path(components[i].getName());
                types[i] = components[i].getType();
                values[i] = sparse && !types[i].isPrimitive() && nullable(property) ? null
                        : sample(components[i].getGenericType(), property, seed + "." + components[i].getName(), sparse);
            }
            try {
                Constructor<?> constructor = raw.getDeclaredConstructor(types);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no sample for " + type);
    }

    // --- JSON as the services write it

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A mapper as Quarkus gives the services: ISO dates, then every {@link ObjectMapperCustomizer} of the
     * platform (in their priority order), so a change there shows here.
     */
    private static ObjectMapper servicesMapper() {
        ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        List<ObjectMapperCustomizer> customizers = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().importPackages("io.helpdesk.platform")) {
            if (!c.isInterface() && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                    && c.isAssignableTo(ObjectMapperCustomizer.class)) {
                try {
                    Constructor<?> constructor = Class.forName(c.getName()).getDeclaredConstructor();
                    constructor.setAccessible(true);
                    customizers.add((ObjectMapperCustomizer) constructor.newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(c.getName() + " needs a constructor without arguments for this test", e);
                }
            }
        }
        assertFalse(customizers.isEmpty(), "the platform's JSON settings are found");
        customizers.stream().sorted(Comparator.comparingInt(ObjectMapperCustomizer::priority).reversed())
                .forEach(c -> c.customize(mapper));
        return mapper;
    }
}
