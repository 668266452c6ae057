package io.helpdesk.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The JVM options the auth-service runs with ({@code src/main/jvm/jvm.options}, a java launcher argument
 * file): each method they ask C2 to inline still exists in the BouncyCastle this build packages, so an
 * upgrade that renames one cannot silently leave the hash to the JIT's heuristics, and a JVM accepts the
 * file as it is.
 */
class JvmOptionsTest {

    private static final Path OPTIONS = Path.of("src/main/jvm/jvm.options");
    private static final Pattern INLINE = Pattern.compile("^-XX:CompileCommand=inline,([\\w.$]+)::([\\w$]+)$");

    @Test
    void everyMethodToInlineExistsInTheLibraryOnTheClassPath() throws Exception {
        List<String> lines = options();
        List<Matcher> inlines = lines.stream().map(INLINE::matcher).filter(Matcher::matches).toList();
        assertEquals(3, inlines.size(), "the round, its accessor and G: " + lines);
        for (Matcher inline : inlines) {
            Class<?> type = Class.forName(inline.group(1), false, getClass().getClassLoader());
            String method = inline.group(2);
            assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(method)),
                    type.getName() + " has no method " + method + ": the option would inline nothing");
        }
    }

    @Test
    void everyLineIsAnOptionOrAComment() throws IOException {
        for (String line : Files.readAllLines(OPTIONS, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            assertTrue(trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("-XX:"), line);
        }
    }

    @Test
    void aJvmStartsWithTheFileAndSaysNothingAboutIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "@" + OPTIONS.toAbsolutePath(), "-version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        assertFalse(output.contains("CompileCommand"), output);
        assertTrue(output.contains("version"), output);
    }

    private static List<String> options() throws IOException {
        return Files.readAllLines(OPTIONS, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
