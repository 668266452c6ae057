package io.helpdesk.auth.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The JVM options the auth-service runs with ({@code src/main/jvm/jvm.options}, a java launcher argument
 * file): each method they ask C2 to inline still exists in the BouncyCastle this build packages, so an
 * upgrade that renames one cannot silently leave the hash to the JIT's heuristics; C2 does inline them by
 * these options in a JVM that hashes; and a JVM accepts the file as it is.
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
    void theAccessorInlinedIsTheRoundsOwn() throws Exception {
        // javac numbers its accessors: after an upgrade access$500 could be another method's.
        Class<?> generator = Class.forName("org.bouncycastle.crypto.generators.Argon2BytesGenerator", false,
                getClass().getClassLoader());
        List<Method> rounds = methodsNamed(generator, "roundFunction");
        List<Method> accessors = methodsNamed(generator, "access$500");
        assertEquals(1, rounds.size());
        assertEquals(1, accessors.size());
        assertTrue(accessors.get(0).isSynthetic(), "access$500 is not a compiler-made accessor");
        assertEquals(void.class, accessors.get(0).getReturnType());
        assertArrayEquals(rounds.get(0).getParameterTypes(), accessors.get(0).getParameterTypes());
    }

    @Test
    void theServerCompilerInlinesTheRoundAndGByTheseOptions() throws Exception {
        // C2 alone (no C1, whose inlining prints the same words), compiling in the foreground so that its
        // inlining is printed before the JVM ends.
        List<String> output = run(List.of("-Xmx256m", "@" + OPTIONS.toAbsolutePath(), "-XX:-TieredCompilation", "-Xbatch",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintInlining", "-cp", System.getProperty("java.class.path"),
                Hashes.class.getName()));
        for (String method : List.of("access$500", "roundFunction", "G")) {
            String callee = "org.bouncycastle.crypto.generators.Argon2BytesGenerator::" + method + " ";
            assertTrue(output.stream().anyMatch(line -> line.contains(callee) && line.contains("force inline by CompileCommand")),
                    method + " was not inlined by the options");
        }
    }

    /** A few hashes at the service's cost, enough for C2 to compile the hash. */
    public static final class Hashes {
        public static void main(String[] args) {
            PasswordHasher hasher = PasswordHasher.of(19456, 2, 1, 1, Duration.ofMinutes(1));
            for (int i = 0; i < 6; i++) {
                hasher.hash("correct horse battery staple " + i);
            }
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
        String output = String.join("\n", run(List.of("@" + OPTIONS.toAbsolutePath(), "-version")));
        assertFalse(output.contains("CompileCommand"), output);
        assertTrue(output.contains("version"), output);
    }

    /** This JVM's java with the arguments: its output and error lines, once it has ended with 0. */
    private static List<String> run(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    private static List<Method> methodsNamed(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name)).toList();
    }

    private static List<String> options() throws IOException {
        return Files.readAllLines(OPTIONS, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
