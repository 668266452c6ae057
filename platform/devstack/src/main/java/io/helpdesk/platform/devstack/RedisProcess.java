package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import redis.embedded.RedisExecProvider;

/**
 * Redis 7 as a child process of the devstack, from the binary embedded-redis ships, with an append-only file in the
 * data directory and its log beside the services' ({@code logs/redis.log}). The devstack starts and stops it itself:
 * embedded-redis's own {@code RedisServer} stops it from a JVM shutdown hook of its own, which runs at the same time
 * as the devstack's, so Redis went while the services were still stopping and they logged it as an outage. Where
 * {@code setsid} exists (Linux) Redis runs in a session of its own, so the Ctrl-C a terminal sends to the devstack's
 * process group reaches the devstack, which stops it last, and not Redis itself.
 */
final class RedisProcess implements AutoCloseable {

    private static final String READY = "Ready to accept connections";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;

    private RedisProcess(Process process) {
        this.process = process;
    }

    /** Starts Redis on 127.0.0.1 at the port and returns once it accepts connections. */
    static RedisProcess start(int port, Path dir, Path log) throws IOException {
        String executable = RedisExecProvider.defaultProvider().get().getAbsolutePath();
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command(executable, port, dir))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RedisProcess redis = new RedisProcess(process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!Files.readString(log, StandardCharsets.UTF_8).contains(READY)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    redis.close();
                    throw new IOException("Redis did not start on port " + port + "; its log, " + log + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.close();
            throw new IOException("interrupted while Redis started", e);
        }
        return redis;
    }

    private static List<String> command(String executable, int port, Path dir) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec"));
        return command;
    }

    /** SIGTERM: Redis writes what its append-only file still lacks and exits; forced after a grace. */
    @Override
    public void close() {
        process.destroy();
        ServiceProcess.awaitExit(process, STOP_GRACE);
    }
}
