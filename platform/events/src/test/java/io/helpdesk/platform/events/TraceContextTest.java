package io.helpdesk.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    @Test
    void aTraceparentGivesItsTraceIdAndAnythingElseNone() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                TraceContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                TraceContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"), "unsampled too");
        for (String bad : new String[] { null, "", "  ", "garbage", "00-4bf92f35-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" }) {
            assertNull(TraceContext.traceId(bad), String.valueOf(bad));
        }
    }

    @Test
    void outsideAnySpanThereIsNoTraceparentToCarry() {
        assertNull(new TraceContext().current());
    }
}
