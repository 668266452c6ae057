package io.helpdesk.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class HashCeilingTest {

    @Test
    void aRateStillRisingOrSpreadOverTenPercentIsNotSteady() {
        assertTrue(HashCeiling.steady(List.of(50.0, 52.0, 51.0)));
        assertTrue(HashCeiling.steady(List.of(50.0, 49.0, 52.5)), "5 % above the first of the three is still steady");
        assertFalse(HashCeiling.steady(List.of(50.0, 51.5, 53.0)), "rising 6 % over the three rounds");
        assertFalse(HashCeiling.steady(List.of(45.0, 50.0, 46.0)), "spread 11 %");
        assertFalse(HashCeiling.steady(List.of(0.0, 0.0, 0.0)), "nothing done");
    }

    @Test
    void theMeasuredRateFollowsTheWarmUpAndTheLineSaysHowItWarmedUp() throws Exception {
        // A stand-in hash that takes 20 ms for its first 75 calls, then 5 ms: a JIT that finishes compiling.
        AtomicLong calls = new AtomicLong();
        Runnable verify = () -> {
            try {
                Thread.sleep(calls.incrementAndGet() <= 75 ? 20 : 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            HashCeiling.measure("test.ceiling", "argon2id m=8,t=1,p=1", 2, 1, verify);
        } finally {
            System.setOut(out);
        }
        String line = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("BENCH ")).findFirst().orElseThrow();
        JsonNode result = new ObjectMapper().readTree(line.substring("BENCH ".length()));

        assertEquals("test.ceiling", result.path("name").asText());
        assertTrue(result.path("steady").asBoolean(), line);
        assertEquals(result.path("warmUpRounds").asInt(), result.path("warmUpRates").size(), line);
        double first = result.path("warmUpRates").get(0).asDouble();
        double rps = result.path("rps").asDouble();
        // Two threads at 5 ms a hash: at most 400/s; the first round, mostly at 20 ms, well under it.
        assertTrue(rps > 250 && rps <= 400, line);
        assertTrue(first < rps * 0.75, "the first round was slower than the measured rate: " + line);
        assertEquals(2, result.path("threads").asInt());
        assertTrue(result.path("msPerHash").asDouble() < 10, "one thread alone, after the warm-up: " + line);
    }
}
