package io.helpdesk.platform.web.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;

import io.helpdesk.platform.web.json.StrictJson;

class StrictJsonTest {

    record Body(String text, List<String> tags) {
    }

    private final ObjectMapper json = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void aRequestWithANullInAListOrAControlCharacterIsRefused() throws Exception {
        assertThrows(InvalidNullException.class, () -> json.readValue("{\"tags\":[\"a\",null]}", Body.class));
        assertThrows(InvalidFormatException.class, () -> json.readValue("{\"text\":\"a\\u0000b\"}", Body.class));
        assertThrows(InvalidFormatException.class, () -> json.readValue("{\"tags\":[\"\\ud800\"]}", Body.class));
        assertEquals("two\nlines", json.readValue("{\"text\":\"two\\nlines\"}", Body.class).text());
    }

    @Test
    void aDocumentReadWholeKeepsItsStringsAsTheyCame() throws Exception {
        // Quarkus's Vert.x codec reads a provider's ID token this way (a copy of this mapper, into a Map).
        Map<?, ?> claims = json.readValue("{\"name\":\"Olga\\u0007\",\"roles\":[\"a\\u0000\"],\"address\":{\"x\":\"\\u001b\"},\"n\":1}",
                Map.class);
        assertEquals("Olga\u0007", claims.get("name"));
        assertEquals(List.of("a\u0000"), claims.get("roles"));
        assertEquals(Map.of("x", "\u001b"), claims.get("address"));
        assertEquals(1, claims.get("n"));
        assertEquals("\u0007", json.readValue("\"\\u0007\"", Object.class));
        // A declared string keeps the rule, also as the value of a map.
        assertThrows(InvalidFormatException.class, () -> json.readValue("{\"name\":\"Olga\\u0007\"}",
                new TypeReference<Map<String, String>>() {
                }));
        assertThrows(InvalidFormatException.class, () -> json.readValue("{\"text\":\"a\\u0007\"}", Body.class));
        // A field named twice stays malformed.
        assertThrows(JsonProcessingException.class, () -> json.readValue("{\"a\":1,\"a\":2}", Map.class));
    }

    @Test
    void ourOwnJsonStillReadsWithControlCharacters() throws Exception {
        assertEquals("a\u0000b", StrictJson.trusted(json).forType(Body.class).<Body>readValue("{\"text\":\"a\\u0000b\"}").text());
    }
}
