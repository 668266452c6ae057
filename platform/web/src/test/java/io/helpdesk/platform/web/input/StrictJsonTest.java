package io.helpdesk.platform.web.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

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
    void ourOwnJsonStillReadsWithControlCharacters() throws Exception {
        assertEquals("a\u0000b", StrictJson.trusted(json).forType(Body.class).<Body>readValue("{\"text\":\"a\\u0000b\"}").text());
    }
}
