package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: infrastructure in this process, the five services as separate JVMs,
 * a table of addresses once every service is ready, and a clean stop of everything on Ctrl-C or
 * SIGTERM.
 */
public final class Devstack {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final DevstackConfig config;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private InstanceLock lock;
    private Infrastructure infrastructure;

    private Devstack(DevstackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        DevstackConfig config;
        try {
            config = DevstackConfig.from(args, System.getenv());
        } catch (DevstackConfig.UsageException | NumberFormatException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                System.err.println("devstack: " + e.getMessage());
            }
            System.err.print(DevstackConfig.usage());
            System.exit(e.getMessage() == null || e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        System.exit(new Devstack(config).run());
    }

    int run() {
        try {
            lock = InstanceLock.acquire(config.dataDir());
        } catch (InstanceLock.AlreadyRunningException e) {
            System.err.println("devstack: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("devstack: cannot use " + config.dataDir() + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "devstack-shutdown"));
        try {
            List<String> busy = busyPorts();
            if (!busy.isEmpty()) {
                System.err.println("devstack: these ports are in use by another program: " + String.join(", ", busy)
                        + ".\nStop it, or run with --port-offset N to shift every port by N.");
                return 1;
            }
            Instant begin = Instant.now();
            System.out.println("devstack: starting infrastructure (data in " + config.dataDir() + ")");
            infrastructure = Infrastructure.start(config);
            if (config.startServices()) {
                startServices();
                String failure = awaitReady();
                if (failure != null) {
                    System.err.println("devstack: " + failure);
                    return 1;
                }
            }
            printTable(Duration.between(begin, Instant.now()));
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            return 1;
        }
    }

    private void startServices() throws IOException {
        Map<String, String> env = ServiceEnvironment.of(config);
        for (DevstackConfig.Service service : DevstackConfig.SERVICES) {
            int port = config.port(service.defaultPort());
            System.out.println("devstack: starting " + service.name() + " on port " + port);
            services.add(ServiceProcess.start(service.name(), config.serviceJar(service), port, env,
                    config.dataDir().resolve("logs")));
        }
    }

    /** Null when every service is ready, else why not. */
    private String awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                if (!service.alive()) {
                    return service.name() + " stopped while starting. Last lines of " + service.log() + ":\n"
                            + service.logTail(30);
                }
                if (service.ready()) {
                    System.out.println("devstack: " + service.name() + " is ready");
                    waiting.remove(service);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                return "not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + String.join(", ", waiting.stream().map(ServiceProcess::name).toList())
                        + ". Logs are in " + config.dataDir().resolve("logs");
            }
            Thread.sleep(250);
        }
        return null;
    }

    private void printTable(Duration took) {
        StringBuilder table = new StringBuilder(System.lineSeparator());
        String format = "  %-28s %s%n";
        table.append(String.format(format, "WHAT", "WHERE"));
        for (ServiceProcess service : services) {
            table.append(String.format(format, service.name(), service.url()
                    + "   (Swagger UI: " + service.url() + "/q/swagger-ui)"));
        }
        for (String[] row : infrastructure.rows()) {
            table.append(String.format(format, row[0], row[1]));
        }
        table.append(String.format(format, "Logs and data", config.dataDir()));
        if (!services.isEmpty()) {
            table.append(System.lineSeparator()).append("  Demo accounts (local only):").append(System.lineSeparator());
            for (String[] account : DevSecrets.DEMO_ACCOUNTS) {
                table.append(String.format("    %-9s %-26s password: %s%n", account[1], account[0], account[2]));
            }
        }
        System.out.print(table);
        System.out.println(System.lineSeparator() + "devstack: ready in " + took.toSeconds()
                + " s. Press Ctrl-C to stop everything.");
    }

    private List<String> busyPorts() {
        List<Integer> ports = new ArrayList<>();
        if (config.externalMongoUri() == null) {
            ports.add(config.port(DevstackConfig.MONGO_PORT));
        }
        if (config.externalRedisUrl() == null) {
            ports.add(config.port(DevstackConfig.REDIS_PORT));
        }
        if (config.embeddedS3()) {
            ports.add(config.port(DevstackConfig.S3_PORT));
        }
        if (config.externalSmtpHost() == null) {
            ports.add(config.port(DevstackConfig.SMTP_PORT));
            ports.add(config.port(DevstackConfig.INBOX_PORT));
        }
        if (config.startServices()) {
            DevstackConfig.SERVICES.forEach(service -> ports.add(config.port(service.defaultPort())));
        }
        return ports.stream().filter(port -> !free(port)).map(String::valueOf).toList();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void shutdown() {
        if (lock == null) {
            return;
        }
        System.out.println("devstack: stopping");
        // Every service is asked at once, and the stores stop only after the last: none meets a store gone under it.
        services.forEach(ServiceProcess::requestStop);
        services.forEach(service -> service.awaitStop(STOP_GRACE));
        services.clear();
        if (infrastructure != null) {
            infrastructure.close();
        }
        try {
            lock.close();
        } catch (IOException e) {
            System.err.println("devstack: cannot release the lock: " + e.getMessage());
        }
        lock = null;
        System.out.println("devstack: stopped");
        stopped.countDown();
    }
}
