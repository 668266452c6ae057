package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The project's AsyncAPI document ({@code docs/asyncapi.yaml}) as tests read it: its channels and
 * messages, each message's payload schema with every local {@code $ref} resolved, and the errors a
 * JSON value has against one of them (JSON Schema draft-07, formats asserted). A module that uses it
 * declares {@code com.networknt:json-schema-validator} (test scope) itself.
 */
public final class AsyncApiDocument {

    /** Where the document is, from the repository's root. */
    public static final String PATH = "docs/asyncapi.yaml";

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private final Path file;
    private final JsonNode root;

    private AsyncApiDocument(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The document of the repository this test runs in (found from the working directory upwards). */
    public static AsyncApiDocument load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(PATH))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(PATH + " not found above " + Path.of("").toAbsolutePath());
        }
        return read(dir.resolve(PATH));
    }

    public static AsyncApiDocument read(Path file) {
        try {
            return new AsyncApiDocument(file, new YAMLMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** The document as it is written ({@code $ref}s left in place). */
    public JsonNode root() {
        return root;
    }

    /** The node a local reference ({@code #/components/...}) points at, its own references left as they are. */
    public JsonNode at(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("Only local references are used: " + ref);
        }
        JsonNode node = root.at(ref.substring(1).replace("~1", "/"));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("Nothing at " + ref + " in " + file);
        }
        return node;
    }

    /** A copy of the node with every local {@code $ref} replaced by what it points at, recursively. */
    public JsonNode resolved(JsonNode node) {
        return resolve(node, 0);
    }

    private JsonNode resolve(JsonNode node, int depth) {
        if (depth > 64) {
            throw new IllegalStateException("References nest too deep (a cycle?) in " + file);
        }
        if (node.isObject()) {
            if (node.has("$ref")) {
                return resolve(at(node.get("$ref").asText()), depth + 1);
            }
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), resolve(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(resolve(item, depth + 1)));
            return copy;
        }
        return node;
    }

    /** The channel with this id (its key under {@code channels}), resolved. */
    public JsonNode channel(String id) {
        JsonNode channel = root.path("channels").path(id);
        if (channel.isMissingNode()) {
            throw new IllegalArgumentException("No channel " + id + " in " + file);
        }
        return resolved(channel);
    }

    /** The messages of a channel by their key in it, each resolved. */
    public Map<String, JsonNode> messages(String channelId) {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        root.path("channels").path(channelId).path("messages").fields()
                .forEachRemaining(m -> messages.put(m.getKey(), resolved(m.getValue())));
        return messages;
    }

    /** Every message under {@code components.messages}, by its key, resolved. */
    public Map<String, JsonNode> componentMessages() {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        root.path("components").path("messages").fields()
                .forEachRemaining(m -> messages.put(m.getKey(), resolved(m.getValue())));
        return messages;
    }

    /** A schema under {@code components.schemas}, resolved. */
    public JsonNode schema(String name) {
        return resolved(at("#/components/schemas/" + name));
    }

    /** What is wrong with {@code value} against {@code schema} (a resolved schema); empty when nothing is. */
    public static List<String> errors(JsonNode schema, JsonNode value) {
        JsonSchema compiled = SCHEMAS.getSchema(schema, CONFIG);
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : compiled.validate(value)) {
            errors.add(message.getMessage());
        }
        return errors;
    }
}
