package io.helpdesk.platform.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path app;

    @Test
    void aServiceRunsWithTheOptionsItsBuildPutBesideItsJar() throws Exception {
        Path jar = Files.createFile(app.resolve("quarkus-run.jar"));
        Files.writeString(app.resolve("jvm.options"), "-XX:CompileCommand=quiet\n");
        List<String> command = ServiceProcess.command(jar);
        assertEquals(List.of("-Xmx256m", "@" + app.resolve("jvm.options").toAbsolutePath(), "-jar", jar.toString()),
                command.subList(1, command.size()));
    }

    @Test
    void aServiceWithoutOptionsRunsWithTheHeapAlone() throws Exception {
        Path jar = Files.createFile(app.resolve("quarkus-run.jar"));
        List<String> command = ServiceProcess.command(jar);
        assertEquals(List.of("-Xmx256m", "-jar", jar.toString()), command.subList(1, command.size()));
    }
}
