package io.helpdesk.platform.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain Redis client (RESP2), for tests that check or prepare what a server holds independently of
 * the client the code under test uses (and for tests of a packaged service, where no bean can be
 * injected): one command over a fresh socket, or a {@link Connection} kept open for many (the
 * benchmarks' round trips, a subscription).
 */
public final class RespClient {

    private RespClient() {
    }

    /**
     * Sends one command and returns the reply as text: simple strings, integers and bulk strings as
     * themselves, a nil reply as null. An error reply throws.
     */
    public static String command(String host, int port, String... args) {
        Object reply = call(host, port, args);
        return reply == null ? null : reply.toString();
    }

    /**
     * Sends one command and returns the whole RESP2 reply: a String for simple and bulk strings, a
     * Long for integers, a List for arrays (nested as Redis nests them), null for nil.
     */
    public static Object call(String host, int port, String... args) {
        try (Connection connection = connect(host, port)) {
            return connection.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection kept open for many commands, or for the messages of a subscription. */
    public static Connection connect(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        return new Connection(socket);
    }

    /** One open connection: commands one after another, replies as {@link #call(String, int, String...)} gives them. */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        /** Sends one command and waits for its reply. */
        public Object call(String... args) throws IOException {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(request.toByteArray());
            out.flush();
            return read();
        }

        /** How long a read waits before it fails (none by default). */
        public Connection timeout(java.time.Duration wait) throws IOException {
            socket.setSoTimeout((int) wait.toMillis());
            return this;
        }

        /** The next reply without sending anything: a message of a subscription. */
        public Object read() throws IOException {
            return RespClient.read(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Object read(InputStream in) throws IOException {
        String line = line(in);
        char kind = line.charAt(0);
        String rest = line.substring(1);
        return switch (kind) {
            case '+' -> rest;
            case ':' -> Long.parseLong(rest);
            case '-' -> throw new IllegalStateException("Redis answered " + rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2);
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IllegalStateException("Not a RESP2 reply: " + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("Redis closed the connection mid-reply");
    }
}
