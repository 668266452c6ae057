package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service as a separate JVM running its packaged jar, its output in a log file of its own. */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private List<ProcessHandle> descendants = List.of();

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing. Run ./devstack, which builds it.");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(jar))
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        return new ServiceProcess(name, port, log, builder.start());
    }

    /**
     * The JVM a service runs in: this one's java, the devstack's heap, and the service's own options when its
     * build put them beside the jar ({@code jvm.options}, a java launcher argument file, as the image passes it).
     */
    static List<String> command(Path jar) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m"));
        Path options = jar.toAbsolutePath().getParent().resolve("jvm.options");
        if (Files.isRegularFile(options)) {
            command.add("@" + options);
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** True once {@code /q/health/ready} answers 200. */
    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the JVM to stop (SIGTERM, a graceful Quarkus shutdown), then forces it and anything it started. */
    public void stop(Duration grace) {
        requestStop();
        awaitStop(grace);
    }

    /**
     * Asks the JVM to stop (SIGTERM, a graceful Quarkus shutdown) and returns at once, so that every service can be
     * asked before any is waited for: each then stops while the stores it uses are still up.
     */
    public void requestStop() {
        descendants = process.descendants().toList();
        process.destroy();
    }

    /** Waits up to the grace for the stop {@link #requestStop()} asked for, then forces the JVM and anything it started. */
    public void awaitStop(Duration grace) {
        awaitExit(process, grace);
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Waits up to the grace for a process asked to stop, then forces it. */
    static void awaitExit(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the JVM at once (SIGKILL), as a crashed node or an OOM kill would: no graceful shutdown. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
