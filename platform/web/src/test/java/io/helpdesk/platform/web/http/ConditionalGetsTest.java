package io.helpdesk.platform.web.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConditionalGetsTest {

    @Test
    void anIfNoneMatchNamesTheTagStrongOrWeakAloneOrInAList() {
        assertTrue(ConditionalGets.matches("\"3\"", "3"));
        assertTrue(ConditionalGets.matches("W/\"3\"", "3"));
        assertTrue(ConditionalGets.matches("\"1\", \"2\",W/\"3\"", "3"));
        assertTrue(ConditionalGets.matches(" * ", "3"));
        assertTrue(ConditionalGets.matches("\"a,b\", \"3\"", "3"), "a comma inside a tag is part of it");
        assertTrue(ConditionalGets.matches("3", "3"), "an unquoted tag is read as the tag");
    }

    @Test
    void otherTagsAndMalformedValuesNameNothing() {
        assertFalse(ConditionalGets.matches("\"4\"", "3"));
        assertFalse(ConditionalGets.matches("\"33\"", "3"));
        assertFalse(ConditionalGets.matches("\"a,3\"", "3"));
        assertFalse(ConditionalGets.matches("\"3", "3"));
        assertFalse(ConditionalGets.matches("W/3", "3"));
        assertFalse(ConditionalGets.matches("", "3"));
        assertFalse(ConditionalGets.matches("\"*\"", "3"));
    }
}
