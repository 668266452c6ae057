package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP ports on the loopback interface for servers that cannot bind port 0 themselves. */
public final class FreePorts {

    private FreePorts() {
    }

    /** True when nothing listens on the port on the loopback interface. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An offset under which every one of the given ports is free, for starting a whole stack with
     * fixed ports (the devstack's {@code --port-offset}) beside anything else on the machine.
     */
    public static int offsetFreeFor(java.util.Collection<Integer> ports) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 30_000);
            if (ports.stream().allMatch(port -> isFree(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("No free port range for " + ports);
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        }
    }
}
